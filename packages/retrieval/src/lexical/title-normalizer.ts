/**
 * Job-ad title clean-up before encoding. Real titles come from job ads ("Sr. SW Engineer (m/f/d)"), while the
 * embedded encoder learned its vocabulary from ESCO labels ("software engineer"): expanding the usual job-ad
 * abbreviations and dropping gender tags maps the former onto words the encoder knows. Generic conventions of job
 * ads, not derived from any evaluation set. The tokenizer lowercases, so case is not touched here.
 */

/** Abbreviation (lowercase, a whole word) → its spelled-out form. Only unambiguous job-title abbreviations. */
export const JOB_TITLE_ABBREVIATIONS: Readonly<Record<string, string>> = Object.freeze({
  sw: 'software',
  hw: 'hardware',
  sr: 'senior',
  snr: 'senior',
  jr: 'junior',
  jnr: 'junior',
  mgr: 'manager',
  mngr: 'manager',
  mgmt: 'management',
  eng: 'engineer',
  engr: 'engineer',
  dev: 'developer',
  devs: 'developers',
  admin: 'administrator',
  asst: 'assistant',
  assoc: 'associate',
  dir: 'director',
  rep: 'representative',
  coord: 'coordinator',
  exec: 'executive',
  supv: 'supervisor',
  dept: 'department',
  intl: 'international',
  maint: 'maintenance',
  acct: 'accountant',
  acctg: 'accounting',
  ops: 'operations',
  info: 'information',
  hr: 'human resources',
  qa: 'quality assurance',
  qc: 'quality control',
  ux: 'user experience',
  ui: 'user interface',
  ml: 'machine learning',
  ai: 'artificial intelligence',
  ict: 'information and communication technology',
  rn: 'registered nurse',
  lpn: 'licensed practical nurse',
  vp: 'vice president',
  svp: 'senior vice president',
  ceo: 'chief executive officer',
  cfo: 'chief financial officer',
  cto: 'chief technology officer',
  coo: 'chief operating officer',
  cio: 'chief information officer',
  cmo: 'chief marketing officer',
  dba: 'database administrator',
  swe: 'software engineer',
  sde: 'software development engineer',
  hvac: 'heating ventilation and air conditioning',
  'r&d': 'research and development',
  bizdev: 'business development',
  pr: 'public relations',
  '&': 'and',
});

/** Gender and contract tags of job ads: "(m/f/d)", "m/w/d", "(h/f)", "(all genders)", "(f/m/x)". */
const GENDER_TAG = /\(?\b(?:[mfwhdx]\s*\/\s*){1,3}[mfwhdx]\b\)?|\(\s*all genders?\s*\)/gi;

/**
 * Expands job-ad abbreviations word by word ("sr. sw eng" → "senior software engineer"), drops gender tags and
 * stray punctuation around words. Returns the input's words unchanged otherwise; never returns an empty string
 * for a non-empty title (an all-tag title is kept as it was).
 */
export function normalizeJobTitle(title: string): string {
  const untagged = title.replace(GENDER_TAG, ' ');
  const words = untagged
    .split(/\s+/)
    .map((w) => w.replace(/^[("'[]+|[)"'\].,;:!?]+$/g, ''))
    .filter((w) => w !== '' && w !== '-' && w !== '|');
  const out = words.map((w) => {
    const key = w.toLowerCase();
    return Object.hasOwn(JOB_TITLE_ABBREVIATIONS, key) ? JOB_TITLE_ABBREVIATIONS[key]! : w;
  });
  const text = out.join(' ').trim();
  return text === '' ? title.replace(/\s+/g, ' ').trim() : text;
}
