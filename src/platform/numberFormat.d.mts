export function shownPlaces(format: unknown, value: number): number | undefined;
