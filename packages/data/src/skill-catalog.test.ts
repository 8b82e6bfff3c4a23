import { describe, expect, it } from 'vitest';
import { createSkillCatalog } from './skill-catalog.ts';

const S = 'http://data.europa.eu/esco/skill/';
const O = 'http://data.europa.eu/esco/occupation/';
const skill = (id: string, label: string, altLabels: string[] = []) => ({
  uri: S + id, preferredLabel: label, altLabels, hiddenLabels: [], skillType: 'knowledge' as const, reuseLevel: 'cross-sector', description: `${label}.`, status: 'released',
});
const catalog = createSkillCatalog({
  skills: [skill('a1', 'Python (computer programming)', ['python']), skill('b2', 'statistics'), skill('c3', 'data mining', ['mine data']), skill('d4', 'weld metal')],
  occupations: [
    { uri: `${O}o1`, code: '1', iscoGroup: '2511', preferredLabel: 'data scientist', altLabels: [], hiddenLabels: [], description: '' },
    { uri: `${O}o2`, code: '2', iscoGroup: '2512', preferredLabel: 'software developer', altLabels: [], hiddenLabels: [], description: '' },
  ],
  relations: [
    { occupationUri: `${O}o1`, skillUri: S + 'a1', relationType: 'essential', skillType: 'knowledge' },
    { occupationUri: `${O}o1`, skillUri: S + 'b2', relationType: 'essential', skillType: 'knowledge' },
    { occupationUri: `${O}o1`, skillUri: S + 'c3', relationType: 'optional', skillType: 'knowledge' },
    { occupationUri: `${O}o2`, skillUri: S + 'a1', relationType: 'optional', skillType: 'knowledge' },
    { occupationUri: `${O}o2`, skillUri: S + 'c3', relationType: 'essential', skillType: 'knowledge' },
  ],
});

describe('createSkillCatalog', () => {
  it('looks a skill up by URI or id: label, aliases, description, type, reuse level, occupations, related skills', () => {
    const byId = catalog.get('a1');
    expect(catalog.get(`${S}a1`)).toEqual(byId);
    expect(byId).toMatchObject({ id: 'a1', label: 'Python (computer programming)', aliases: ['python'], type: 'knowledge', reuseLevel: 'cross-sector' });
    expect(byId!.occupations).toEqual([
      { uri: `${O}o1`, label: 'data scientist', relation: 'essential' },
      { uri: `${O}o2`, label: 'software developer', relation: 'optional' },
    ]);
    expect(byId!.relatedSkills).toEqual([
      { uri: `${S}c3`, label: 'data mining', sharedOccupations: 2 },
      { uri: `${S}b2`, label: 'statistics', sharedOccupations: 1 },
    ]);
    expect(catalog.get('nope')).toBeUndefined();
  });

  it('autocompletes over labels and aliases: prefix, then word prefix, then substring; one row per skill', () => {
    expect(catalog.find('pyth').map((r) => [r.id, r.matched])).toEqual([['a1', 'python']]);
    expect(catalog.find('min').map((r) => r.id)).toEqual(['c3', 'a1']); // word prefix "mine data", then "program-min-g"
    expect(catalog.find('DATA').map((r) => r.label)).toEqual(['data mining']);
    expect(catalog.find('  ')).toEqual([]);
    expect(catalog.find('a', 2)).toHaveLength(2);
  });
});
