/**
 * The public sources `data fetch` knows. Hashes come from ../shared/data/PROVENANCE.md where the
 * file is the same; the ESCO zips are only known by MD5 there (their listed sha256 is abbreviated).
 */
export interface SourceOutput {
  /** Destination relative to the data directory. */
  path: string;
  /** For archives: the member to take (matched on its path with the top-level folder stripped, or its base name). */
  member?: string;
  sha256?: string;
  /** Fail when the archive lacks this member (default true). */
  required?: boolean;
}

export interface SourceDownload {
  url: string;
  kind: 'file' | 'zip';
  sha256?: string;
  md5?: string;
  /** What to install from this download. */
  outputs: SourceOutput[];
  /** Zip only: also extract every other member under this directory (top-level folder stripped). */
  extractAllTo?: string;
}

export interface DataSourceDefinition {
  id: string;
  title: string;
  /** Where the data comes from and what is checked. */
  notes: string;
  downloads: SourceDownload[];
  /** Set when no direct link exists upstream: the manual step a user takes instead. */
  manual?: string;
  /** Structural check of a downloaded file when no hash is published (throws a DataError). */
  validate?: 'reference-resumes-parquet';
}

export const DATA_SOURCES: Readonly<Record<'resumes' | 'talentclef2025-taskb' | 'esco-v1.1.1', DataSourceDefinition>> =
  Object.freeze({
    resumes: {
      id: 'resumes',
      title: 'Reference resumes (Hugging Face bhuvanmdev/resume_parser, 155 rows)',
      notes:
        "The Hub's parquet conversion of the dataset (refs/convert/parquet). No sha256 is published and no copy was " +
        'available offline, so the download is checked structurally: it must read as a parquet file in the reference ' +
        'schema (Unnamed: 0.1, Unnamed: 0, resume, name, contact, skills, companies, total_years).',
      downloads: [
        {
          url: 'https://huggingface.co/datasets/bhuvanmdev/resume_parser/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet',
          kind: 'file',
          outputs: [{ path: 'resumes/resumes.parquet' }],
        },
      ],
      validate: 'reference-resumes-parquet',
    },
    'talentclef2025-taskb': {
      id: 'talentclef2025-taskb',
      title: 'TalentCLEF 2025 Task B (Zenodo record 14002665, TaskB.zip)',
      notes:
        'TaskB.zip of the TalentCLEF 2025 corpus (DOI 10.5281/zenodo.14002665), extracted into talentclef2025_taskB/. ' +
        'Validation files and jobid2terms.json are checked against the sha256 of the full upstream files in PROVENANCE.md. ' +
        'Licence: none stated in any source reachable offline; check the Zenodo record.',
      downloads: [
        {
          url: 'https://zenodo.org/records/14002665/files/TaskB.zip?download=1',
          kind: 'zip',
          extractAllTo: 'talentclef2025_taskB',
          outputs: [
            {
              path: 'talentclef2025_taskB/validation/queries',
              member: 'validation/queries',
              sha256: '4d9c8bfec74b2fc3b91815cff1c48af085b1c2c87f6d75b3402249147d0082e8',
            },
            {
              path: 'talentclef2025_taskB/validation/corpus_elements',
              member: 'validation/corpus_elements',
              sha256: 'b89576a26011c7856d65eaa84d2a7811d336ee77b5932d37fbbb7e71f674b77f',
            },
            {
              path: 'talentclef2025_taskB/validation/qrels.tsv',
              member: 'validation/qrels.tsv',
              sha256: 'bff9001e325fd96c9d3f3289407aab5f1746cb0969aa6eb1067eeb753ca2c001',
            },
            {
              path: 'talentclef2025_taskB/training/jobid2terms.json',
              member: 'training/jobid2terms.json',
              sha256: 'eebd3175c9da3ad8e0bf91ba5438207229a98983a9f0cef777fd1d78c59efea5',
            },
          ],
        },
      ],
    },
    'esco-v1.1.1': {
      id: 'esco-v1.1.1',
      title: 'ESCO v1.1.1 English CSV export (skills, occupations, relations, hierarchy, ISCO groups)',
      notes:
        'The official ESCO portal has no direct download link (files are prepared on request through a form). ' +
        'This source uses the official v1.1.1 zips as committed in tabiya-tech/tabiya-esco-datasets-and-tools @ 65177b59 ' +
        '(MD5 of each zip as published there) and checks each extracted CSV against its sha256 in PROVENANCE.md. ' +
        'Attribution: "This service uses the ESCO classification of the European Commission."',
      manual:
        'Official route (no direct link): open https://esco.ec.europa.eu/en/use-esco/download, choose ESCO v1.1.1, ' +
        'language English, format CSV, download the classification and the (language-neutral) relations packages, and ' +
        'unzip skills_en.csv, occupations_en.csv, skillsHierarchy_en.csv, ISCOGroups_en.csv and occupationSkillRelations.csv ' +
        'into <data dir>/esco_v1.1.1/.',
      downloads: [
        {
          url:
            'https://raw.githubusercontent.com/tabiya-tech/tabiya-esco-datasets-and-tools/65177b591aa60257f81723490cfcd2e64656373f/' +
            'datasets/esco/v1.1.1/classification/ESCO%20dataset%20-%20v1.1.1%20-%20classification%20-%20en%20-%20csv.zip',
          kind: 'zip',
          md5: 'bb2f89a9efae25d2216748c86d1cb413',
          outputs: [
            {
              path: 'esco_v1.1.1/skills_en.csv',
              member: 'skills_en.csv',
              sha256: 'd20071099e1a0146313ca0a071cc2a132ed9b091349c1ca538b67d6e5643779f',
            },
            {
              path: 'esco_v1.1.1/occupations_en.csv',
              member: 'occupations_en.csv',
              sha256: '3bc96bf77d3979b438d7215df474af0cb94441985a91687d99e4c185359eb942',
            },
            {
              path: 'esco_v1.1.1/ISCOGroups_en.csv',
              member: 'ISCOGroups_en.csv',
              sha256: '010830d3def699243af4c1e0eefe5c04d9aa6ef4776b2c9dcbd9916e88d9358d',
            },
            {
              path: 'esco_v1.1.1/skillsHierarchy_en.csv',
              member: 'skillsHierarchy_en.csv',
              sha256: 'bc95546798647cddf793330201374add830f5c75f5c433dfb3725eda999e45e1',
            },
          ],
        },
        {
          url:
            'https://raw.githubusercontent.com/tabiya-tech/tabiya-esco-datasets-and-tools/65177b591aa60257f81723490cfcd2e64656373f/' +
            'datasets/esco/v1.1.1/relations/ESCO%20dataset%20-%20v1.1.1%20-%20classification%20-%20%20-%20csv.zip',
          kind: 'zip',
          md5: '7b580b5cbf9efde2f8a904cff14c71c0',
          outputs: [
            {
              path: 'esco_v1.1.1/occupationSkillRelations.csv',
              member: 'occupationSkillRelations.csv',
              sha256: '900cbf4b12c684a852c20b60a225786eff20451af5ab58d1c44deaab2e06f9bd',
            },
          ],
        },
      ],
    },
  });

export type DataSourceId = keyof typeof DATA_SOURCES;
