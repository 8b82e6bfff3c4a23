import { z } from 'zod';
import { JobskillError } from '@jobskill/data';

/** A whole-token/phrase keyword of the `rules` labeler; generic words weigh less than defining ones. */
export const WeightedKeywordSchema = z.object({ term: z.string().min(1), weight: z.number().positive().default(1) });
export type WeightedKeyword = z.infer<typeof WeightedKeywordSchema>;

export const RoleDefinitionSchema = z.object({
  label: z.string().min(1),
  /** Substring keywords of the reference rule labeler (`rules-reference`), matched in role order. */
  substringKeywords: z.array(z.string().min(1)).default([]),
  /** Whole-token/phrase keywords of the `rules` labeler. */
  keywords: z.array(WeightedKeywordSchema).default([]),
  /** A few defining skills; with the label they form the role description `zero-shot` compares against. */
  definingSkills: z.array(z.string().min(1)).default([]),
});
export type RoleDefinition = z.infer<typeof RoleDefinitionSchema>;

export const LabelSetSchema = z
  .object({
    name: z.string().min(1),
    roles: z.array(RoleDefinitionSchema).min(2),
    /** Role given when nothing fires / no evidence (must be one of the roles), or null for none. */
    fallback: z.string().nullable().default(null),
  })
  .superRefine((set, ctx) => {
    const labels = set.roles.map((r) => r.label);
    const dup = labels.find((l, i) => labels.indexOf(l) !== i);
    if (dup !== undefined) ctx.addIssue({ code: 'custom', message: `duplicate role "${dup}"`, path: ['roles'] });
    if (set.fallback !== null && !labels.includes(set.fallback)) {
      ctx.addIssue({ code: 'custom', message: `fallback "${set.fallback}" is not one of the roles`, path: ['fallback'] });
    }
  });
export type LabelSet = z.infer<typeof LabelSetSchema>;
export type LabelSetInput = z.input<typeof LabelSetSchema>;

const kw = (terms: string, weight = 1): WeightedKeyword[] =>
  terms.split('|').map((term) => ({ term, weight }));

/**
 * The 14 reference roles in the reference order (../shared/reference/README.md). `substringKeywords`
 * are the reference rules verbatim; `keywords` are the `rules` labeler's whole-token lists (the
 * reference keywords plus common synonyms, generic words at half weight); `definingSkills` describe
 * each role for `zero-shot`. `Other` has no keywords: it is what remains.
 */
const REFERENCE_ROLES: RoleDefinition[] = [
  {
    label: 'SOC Analyst',
    substringKeywords: ['soc', 'siem', 'forensic', 'malware'],
    keywords: [
      ...kw('soc|siem|forensic|forensics|malware|malware analysis|splunk|qradar|arcsight|incident response|threat hunting|security operations|security monitoring|log analysis|ids|ips'),
    ],
    definingSkills: ['SIEM', 'security monitoring', 'incident response', 'malware analysis', 'forensics', 'Splunk'],
  },
  {
    label: 'Cybersecurity Analyst',
    substringKeywords: ['cybersecurity', 'security', 'vulnerability', 'compliance'],
    keywords: [
      ...kw('cybersecurity|cyber security|information security|network security|vulnerability|vulnerability assessment|penetration testing|ethical hacking|firewall|firewalls|iso 27001|nessus|cissp|ceh|risk assessment'),
      ...kw('security|compliance', 0.5),
    ],
    definingSkills: ['cybersecurity', 'information security', 'vulnerability assessment', 'penetration testing', 'firewalls', 'compliance'],
  },
  {
    label: '.NET Developer',
    substringKeywords: ['.net', 'c#', 'asp.net'],
    keywords: kw('.net|c#|asp.net|vb.net|ado.net|asp.net mvc|dot net|dotnet|wcf|wpf|entity framework|linq|visual basic'),
    definingSkills: ['.NET', 'C#', 'ASP.NET', 'ASP.NET MVC', 'Entity Framework', 'Visual Studio'],
  },
  {
    label: 'Software Engineer',
    substringKeywords: ['java', 'python', 'c++', 'software', 'developer', 'engineering', 'sdlc'],
    keywords: [
      ...kw('java|python|c++|c|j2ee|core java|spring|hibernate|sdlc|software development|software engineering|object oriented programming|oops|data structures|algorithms|jsp|servlets'),
      ...kw('software|developer|engineering|programming', 0.5),
    ],
    definingSkills: ['Java', 'Python', 'C++', 'software development', 'object-oriented programming', 'data structures and algorithms'],
  },
  {
    label: 'Full Stack Developer',
    substringKeywords: ['full stack', 'frontend', 'backend', 'api'],
    keywords: kw('full stack|full-stack|fullstack|frontend|front end|front-end|backend|back end|back-end|api|apis|rest api|restful|web services|mean stack|mern stack'),
    definingSkills: ['full stack development', 'frontend', 'backend', 'REST APIs', 'web applications'],
  },
  {
    label: 'JavaScript Developer',
    substringKeywords: ['javascript', 'react', 'angular', 'vue'],
    keywords: [
      ...kw('javascript|java script|js|react|reactjs|react.js|angular|angularjs|angular js|vue|vue.js|vuejs|jquery|ajax|redux'),
      ...kw('html|html5|css|css3', 0.5),
    ],
    definingSkills: ['JavaScript', 'React', 'Angular', 'Vue.js', 'jQuery', 'HTML/CSS'],
  },
  {
    label: 'Node.js Developer',
    substringKeywords: ['node.js', 'express.js', 'typescript'],
    keywords: kw('node.js|nodejs|node js|node|express.js|expressjs|express|typescript|npm'),
    definingSkills: ['Node.js', 'Express.js', 'TypeScript', 'npm', 'server-side JavaScript'],
  },
  {
    label: 'Cloud Engineer',
    substringKeywords: ['cloud', 'aws', 'azure', 'gcp', 'kubernetes', 'docker'],
    keywords: kw('cloud|cloud computing|aws|amazon web services|azure|microsoft azure|gcp|google cloud|kubernetes|docker|ec2|s3|openstack|vmware|virtualization'),
    definingSkills: ['cloud computing', 'AWS', 'Azure', 'Google Cloud', 'Kubernetes', 'Docker'],
  },
  {
    label: 'DevOps Engineer',
    substringKeywords: ['devops', 'ci/cd', 'jenkins', 'ansible'],
    keywords: [
      ...kw('devops|ci/cd|ci cd|continuous integration|continuous delivery|jenkins|ansible|terraform|puppet|chef|nagios'),
      ...kw('git|maven|shell scripting', 0.5),
    ],
    definingSkills: ['DevOps', 'CI/CD', 'Jenkins', 'Ansible', 'Terraform', 'continuous integration'],
  },
  {
    label: 'Project Coordinator',
    substringKeywords: ['project management', 'jira', 'scrum', 'agile'],
    keywords: [
      ...kw('project management|project coordination|project planning|project manager|jira|scrum|ms project|microsoft project|pmp|prince2|stakeholder management'),
      ...kw('agile', 0.5),
    ],
    definingSkills: ['project management', 'project coordination', 'Jira', 'Scrum', 'stakeholder management', 'MS Project'],
  },
  {
    label: 'Agile Analyst',
    substringKeywords: ['agile', 'scrum master', 'product owner', 'business analysis'],
    keywords: [
      ...kw('scrum master|product owner|business analysis|business analyst|requirements gathering|requirement analysis|user stories|agile methodology|agile methodologies'),
      ...kw('agile', 0.5),
    ],
    definingSkills: ['Agile', 'Scrum Master', 'product owner', 'business analysis', 'requirements gathering', 'user stories'],
  },
  {
    label: 'Database Developer',
    substringKeywords: ['database', 'sql', 'nosql', 'mongodb', 'postgresql'],
    keywords: [
      ...kw('database|databases|sql|nosql|mongodb|postgresql|mysql|ms sql|sql server|ms sql server|pl/sql|plsql|t-sql|tsql|oracle database|db2|dba|sql dba|teradata|sqlite|stored procedures'),
      ...kw('oracle|rdbms|dbms', 0.5),
    ],
    definingSkills: ['SQL', 'database design', 'PL/SQL', 'stored procedures', 'MongoDB', 'PostgreSQL'],
  },
  {
    label: 'Data Engineer',
    substringKeywords: ['data engineering', 'etl', 'airflow', 'spark', 'hadoop'],
    keywords: kw('data engineering|etl|airflow|spark|apache spark|hadoop|hive|kafka|informatica|data warehouse|data warehousing|big data|pig|sqoop|datastage|ssis|data pipelines'),
    definingSkills: ['data engineering', 'ETL', 'Apache Spark', 'Hadoop', 'Airflow', 'data warehousing'],
  },
  {
    label: 'Other',
    substringKeywords: [],
    keywords: [],
    // Describes the non-software resumes so zero-shot can pick `Other` on evidence, not only by default.
    definingSkills: ['communication skills', 'customer service', 'sales', 'marketing', 'accounting', 'human resources', 'MS Office'],
  },
];

export const REFERENCE_LABEL_SET: LabelSet = deepFreeze(
  LabelSetSchema.parse({ name: 'reference', roles: REFERENCE_ROLES, fallback: 'Other' }),
);

/** The 14 reference role names, in the reference order. */
export const REFERENCE_ROLE_NAMES: readonly string[] = Object.freeze(REFERENCE_LABEL_SET.roles.map((r) => r.label));

/** Named label sets; pass a name or a LabelSet object wherever a label set is accepted. */
export const LABEL_SETS: Readonly<Record<string, LabelSet>> = Object.freeze({ reference: REFERENCE_LABEL_SET });

export const DEFAULT_LABEL_SET = 'reference';

/** Resolves a label-set name or validates a label-set object; an unknown name fails listing the valid ones. */
export function resolveLabelSet(labelSet: string | LabelSetInput | undefined): LabelSet {
  if (labelSet === undefined) return REFERENCE_LABEL_SET;
  if (typeof labelSet === 'string') {
    const found = Object.hasOwn(LABEL_SETS, labelSet) ? LABEL_SETS[labelSet] : undefined;
    if (!found) {
      throw new JobskillError(
        'UNKNOWN_LABEL_SET',
        `unknown label set "${labelSet}"; valid label sets: ${Object.keys(LABEL_SETS).join(', ')}`,
      );
    }
    return found;
  }
  const parsed = LabelSetSchema.safeParse(labelSet);
  if (!parsed.success) {
    throw new JobskillError('INVALID_LABEL_SET', `invalid label set: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * A label set from bare label names (e.g. the labels of a user's dataset): each role is described by
 * its name only, and there is no fallback unless one is named.
 */
export function labelSetFromNames(names: readonly string[], options: { name?: string; fallback?: string | null } = {}): LabelSet {
  return resolveLabelSet({
    name: options.name ?? 'custom',
    roles: names.map((label) => ({ label })),
    fallback: options.fallback ?? null,
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
