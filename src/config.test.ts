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

test('NORTHSTAR_CONTACT_EMAIL takes an email address, nothing else', () => {
  assert.equal(loadConfig({}).contactEmail, undefined);
  assert.equal(
    loadConfig({ NORTHSTAR_CONTACT_EMAIL: 'missions@example.gov.uk' }).contactEmail,
    'missions@example.gov.uk',
  );
  for (const bad of ['missions', 'a b@example.gov.uk', '"><script>@x.uk'])
    assert.throws(
      () => loadConfig({ NORTHSTAR_CONTACT_EMAIL: bad }),
      /NORTHSTAR_CONTACT_EMAIL must be an email address/,
    );
});
