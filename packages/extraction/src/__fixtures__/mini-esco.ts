import type { EscoSkillLike } from '../skills.ts';

/** A hand-written handful of ESCO-shaped skills (URIs in the ESCO pattern, labels as ESCO spells them). */
export const MINI_ESCO: EscoSkillLike[] = [
  { uri: 'http://data.europa.eu/esco/skill/java', preferredLabel: 'Java (computer programming)', altLabels: ['J2EE'], hiddenLabels: [] },
  { uri: 'http://data.europa.eu/esco/skill/js', preferredLabel: 'JavaScript', altLabels: ['JS'], hiddenLabels: [] },
  { uri: 'http://data.europa.eu/esco/skill/csharp', preferredLabel: 'C#', altLabels: [], hiddenLabels: [] },
  { uri: 'http://data.europa.eu/esco/skill/node', preferredLabel: 'Node.js', altLabels: [], hiddenLabels: [] },
  { uri: 'http://data.europa.eu/esco/skill/dotnet', preferredLabel: '.NET', altLabels: [], hiddenLabels: [] },
  { uri: 'http://data.europa.eu/esco/skill/db', preferredLabel: 'manage databases', altLabels: ['database management'], hiddenLabels: [] },
  { uri: 'http://data.europa.eu/esco/skill/rd', preferredLabel: 'research and development', altLabels: [], hiddenLabels: ['R&D'] },
  { uri: 'http://data.europa.eu/esco/skill/comm', preferredLabel: 'communicate with customers', altLabels: ['communication'], hiddenLabels: [] },
];
