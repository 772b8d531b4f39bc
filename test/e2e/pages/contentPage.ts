import { Page } from './page.ts';

/** A page of prose: methodology, accessibility statement. */
export class ContentPage extends Page {}
