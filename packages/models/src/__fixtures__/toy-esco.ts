// Builders of hand-made ESCO records for tests of the pair builder and the trainer.
import type { EscoOccupation, EscoSkill } from '@jobskill/data';

export const toySkill = (id: string, preferredLabel: string, altLabels: string[] = []): EscoSkill => ({
  uri: `s:${id}`,
  preferredLabel,
  altLabels,
  hiddenLabels: [],
  skillType: 'skill/competence',
  reuseLevel: '',
  description: '',
  status: 'released',
});

export const toyOccupation = (id: string, preferredLabel: string, altLabels: string[]): EscoOccupation => ({
  uri: `o:${id}`,
  code: '',
  iscoGroup: '',
  preferredLabel,
  altLabels,
  hiddenLabels: [],
  description: '',
});
