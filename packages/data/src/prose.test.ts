import { describe, expect, it } from 'vitest';
import { looksLikeProse, splitProse, splitSentences } from './prose.ts';
import { parseSkills } from './skills.ts';

const RESUME =
  'I have worked with Java and Python for five years, mostly on REST APIs. Led a team of 4 engineers, e.g. on the billing service. ' +
  'Comfortable with Node.js and .NET on AWS!\n- Docker and Kubernetes in production\n2) SQL tuning (Dr. Smith\'s course)';

describe('prose skills fields', () => {
  it('splits sentences, not on commas, abbreviations, initials, decimals or dotted names', () => {
    expect(splitSentences('Used Java 1.8 and Node.js, daily. Mentored J. Smith, e.g. on Go. Ran CI! Done')).toEqual([
      'Used Java 1.8 and Node.js, daily.',
      'Mentored J. Smith, e.g. on Go.',
      'Ran CI!',
      'Done',
    ]);
  });

  it('splits lines and list items (bullets, "2)"), then sentences', () => {
    expect(splitProse(RESUME)).toEqual([
      'I have worked with Java and Python for five years, mostly on REST APIs.',
      'Led a team of 4 engineers, e.g. on the billing service.',
      'Comfortable with Node.js and .NET on AWS!',
      'Docker and Kubernetes in production',
      "SQL tuning (Dr. Smith's course)",
    ]);
  });

  it('parseSkills: prose becomes sentences and list items (a paragraph is not one skill); lists keep their comma split', () => {
    const paragraph = 'I build data pipelines in Spark and Airflow for a retail bank. I also maintain the Kafka cluster and write Python tooling for it.';
    expect(parseSkills(paragraph)).toEqual([
      'I build data pipelines in Spark and Airflow for a retail bank',
      'I also maintain the Kafka cluster and write Python tooling for it',
    ]);
    expect(parseSkills(RESUME)).toHaveLength(5);
    expect(parseSkills('Java, Spring Boot, SQL')).toEqual(['Java', 'Spring Boot', 'SQL']);
    expect(parseSkills('Selenium (IDE, WebDriver), Java (3 years), team player')).toEqual(['Selenium (IDE, WebDriver)', 'Java', 'team player']);
  });

  it('looksLikeProse needs a sentence end and long items', () => {
    expect(looksLikeProse('Java, Python. SQL', ['Java', ' Python. SQL'])).toBe(false);
    const long = 'Operating Systems Windows 10 / 8 / 7 / Vista / XP, Domains Banking and Finance and Insurance';
    expect(looksLikeProse(long, long.split(','))).toBe(false);
  });
});
