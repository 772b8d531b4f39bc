// What a feature tells the web app about itself: its templates, its routes, its place in the
// service navigation and the public pages and API answers the published copy must hold. The
// app, the navigation and `publish` all read the same list (src/features/index.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Translate } from './language.ts';
import { allows, type PolicyName, type Principal } from '../auth/policy.ts';

export interface NavigationItem {
  href: string;
  text: string;
  /** What a page sets `activeNav` to when it belongs to this item. */
  key: string;
  /** Place in the service navigation, smallest first. */
  order: number;
}

/** A place in the workspace, shown to those its policy lets in. */
export interface WorkspaceItem {
  href: string;
  text: string;
  /** What the workspace home says it is for. */
  description: string;
  policy: PolicyName;
  order: number;
}

export interface FeatureContext<S> {
  services: S;
  /** Pages for the published copy, where there is no server to filter or search. */
  staticSite: boolean;
  /** The interface's words in the request's language, as templates' `t` gives them. */
  translate(req: FastifyRequest): Translate;
  /** Renders one of the feature's templates with what every page needs. */
  view(reply: FastifyReply, template: string, context: Record<string, unknown>): unknown;
}

export interface Feature<S> {
  name: string;
  /** The folder of the feature's templates (names are unique across features). */
  views?: string;
  navigation?: NavigationItem[];
  /** Installs the feature's JSON API routes (under /api/v1/). */
  setUpApi?(app: FastifyInstance, context: FeatureContext<S>): void | Promise<void>;
  /** Its places in the workspace (under /manage/). */
  workspace?: WorkspaceItem[];
  /** Installs the feature's workspace pages and forms (each route names its policy). */
  setUpWorkspace?(app: FastifyInstance, context: FeatureContext<S>): void | Promise<void>;
  /** Installs the feature's public pages. */
  setUpPages?(app: FastifyInstance, context: FeatureContext<S>): void | Promise<void>;
  /** Public pages the published copy starts from; it follows their links to the rest. */
  publicPages?(services: S): Promise<string[]> | string[];
  /** API answers the published copy keeps as JSON files. */
  apiSnapshots?(services: S): Promise<string[]> | string[];
}

/**
 * Every feature's navigation items, in order, marked active for the page's `activeNav`, their
 * words in the page's language (`translate`, the templates' `t`).
 */
export function serviceNavigation<S>(
  features: Feature<S>[],
  active?: string,
  translate: (text: string) => string = (text) => text,
) {
  return features
    .flatMap((f) => f.navigation ?? [])
    .sort((a, b) => a.order - b.order)
    .map(({ href, text, key }) => ({ href, text: translate(text), active: key === active }));
}

/** The workspace places `principal` may go, in order. */
export function workspaceNavigation<S>(
  features: Feature<S>[],
  principal: Principal | null,
  active?: string,
) {
  return features
    .flatMap((f) => f.workspace ?? [])
    .filter((item) => allows(principal, item.policy))
    .sort((a, b) => a.order - b.order)
    .map((item) => ({ ...item, active: item.href === active }));
}
