import type { OccupationSearchInput } from '../occupation-search.ts';
/** A tiny hand-written ESCO: 3 occupations, 6 skills. */
export const FIXTURE_ESCO: OccupationSearchInput = {
  skills: [
    { uri: 'skill:java', preferredLabel: 'Java (computer programming)', altLabels: ['java'], skillType: 'knowledge', reuseLevel: '' },
    { uri: 'skill:sql', preferredLabel: 'SQL', altLabels: ['structured query language'], skillType: 'knowledge', reuseLevel: '' },
    { uri: 'skill:git', preferredLabel: 'Git', altLabels: [], skillType: 'knowledge', reuseLevel: '' },
    { uri: 'skill:care', preferredLabel: 'provide patient care', altLabels: ['patient care'], skillType: 'skill/competence', reuseLevel: '' },
    { uri: 'skill:meds', preferredLabel: 'administer medication', altLabels: [], skillType: 'skill/competence', reuseLevel: '' },
    { uri: 'skill:bread', preferredLabel: 'bake bread', altLabels: [], skillType: 'skill/competence', reuseLevel: '' },
  ],
  occupations: [
    { uri: 'occ:dev', code: '2512.1', preferredLabel: 'software developer', altLabels: ['programmer', 'java developer'] },
    { uri: 'occ:nurse', code: '2221.1', preferredLabel: 'nurse', altLabels: ['registered nurse', 'staff nurse'] },
    { uri: 'occ:baker', code: '7512.1', preferredLabel: 'baker', altLabels: ['bread baker'] },
  ],
  relations: [
    { occupationUri: 'occ:dev', skillUri: 'skill:java', relationType: 'essential' as const },
    { occupationUri: 'occ:dev', skillUri: 'skill:sql', relationType: 'essential' as const },
    { occupationUri: 'occ:dev', skillUri: 'skill:git', relationType: 'optional' as const },
    { occupationUri: 'occ:nurse', skillUri: 'skill:care', relationType: 'essential' as const },
    { occupationUri: 'occ:nurse', skillUri: 'skill:meds', relationType: 'essential' as const },
    { occupationUri: 'occ:baker', skillUri: 'skill:bread', relationType: 'essential' as const },
  ],
};
