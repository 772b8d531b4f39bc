// Missions files for tests that need goals on the fixture statistics.

/** A UK missions file with one mission, `health`, holding the given goals (YAML list items). */
export const healthMissions = (...goals: string[]) => `
government: { slug: uk, name: UK Government, area: K02000001 }
indicators: [{ id: "1.2.1", direction: lower }]
missions:
  - slug: health
    title: Health
    ambition: Healthier lives
    start: 2024-07-05
    horizon: 2034-12-31
    source: { title: Manifesto }
    goals:
${goals.join('\n')}
`;

/**
 * A goal on fixture indicator 1.2.1 (10 in 2019, 11.5 in 2020, nationally; lower is better)
 * with a ceiling target for 2030, from the 2019 baseline. Its old figures are not stale.
 */
export const smokingGoal = (slug: string, target: number) => `      - slug: ${slug}
        statement: Goal ${slug}
        indicator: "1.2.1"
        baseline: { period: "2019" }
        target: { value: ${target}, comparator: "<=", deadline: 2030-12-31 }
        staleAfter: 20
        source: { title: Plan }`;
