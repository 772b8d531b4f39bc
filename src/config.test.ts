// Reading the environment: what an operator may write, and a clear refusal of anything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

test('NORTHSTAR_TRUST_PROXY takes a number of proxies or their addresses, nothing else', () => {
  assert.equal(loadConfig({}).trustProxy, undefined);
  assert.equal(loadConfig({ NORTHSTAR_TRUST_PROXY: '1' }).trustProxy, 1);
  assert.equal(
    loadConfig({ NORTHSTAR_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy,
    '127.0.0.1, 10.0.0.0/8',
  );
  for (const value of ['true', 'yes', '*', '1.5'])
    assert.throws(
      () => loadConfig({ NORTHSTAR_TRUST_PROXY: value }),
      (error: Error) => error instanceof ConfigError && error.message.includes(`not "${value}"`),
      value,
    );
});
