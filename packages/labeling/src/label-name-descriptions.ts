/**
 * Generic role descriptions for category-style label names (e.g. "INFORMATION-TECHNOLOGY", "BPO"), so
 * `zero-shot` can compare a text with more than an upper-case token. Written from general knowledge of
 * each occupation field, not from any dataset's texts. A name not listed is used as is ("-"/"_" → space).
 */
const DESCRIPTIONS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  ACCOUNTANT: ['accountant', 'accounting', 'general ledger', 'bookkeeping', 'financial statements', 'tax returns', 'accounts payable', 'audit'],
  ADVOCATE: ['lawyer', 'advocate', 'legal counsel', 'litigation', 'court proceedings', 'legal research', 'contracts law', 'paralegal'],
  AGRICULTURE: ['agriculture', 'farming', 'crop production', 'livestock', 'agronomy', 'soil science', 'farm management', 'irrigation'],
  APPAREL: ['apparel', 'fashion', 'clothing', 'garment production', 'textiles', 'fashion merchandising', 'retail fashion', 'pattern making'],
  ARTS: ['artist', 'fine arts', 'painting', 'art teaching', 'museum and gallery', 'theatre and performing arts', 'music', 'creative arts'],
  AUTOMOBILE: ['automotive', 'automobile', 'vehicle repair', 'auto mechanic', 'car dealership', 'automotive service', 'vehicle maintenance'],
  AVIATION: ['aviation', 'aircraft maintenance', 'pilot', 'airline operations', 'flight', 'airport', 'aircraft mechanic', 'FAA regulations'],
  BANKING: ['banking', 'bank teller', 'branch banking', 'loans', 'customer accounts', 'deposits', 'credit', 'personal banker'],
  BPO: ['business process outsourcing', 'call centre', 'customer service representative', 'inbound and outbound calls', 'customer support', 'contact centre'],
  'BUSINESS-DEVELOPMENT': ['business development', 'new business', 'client acquisition', 'partnerships', 'lead generation', 'market expansion', 'account management'],
  CHEF: ['chef', 'cook', 'cooking', 'kitchen', 'menu planning', 'food preparation', 'culinary arts', 'restaurant'],
  CONSTRUCTION: ['construction', 'building construction', 'construction site', 'project superintendent', 'carpentry', 'contractor', 'construction safety'],
  CONSULTANT: ['consultant', 'consulting', 'advisory services', 'client engagements', 'business analysis', 'process improvement', 'recommendations to clients'],
  DESIGNER: ['designer', 'graphic design', 'interior design', 'visual design', 'Adobe Photoshop', 'Illustrator', 'design concepts', 'layouts'],
  'DIGITAL-MEDIA': ['digital media', 'social media', 'digital marketing', 'content production', 'video production', 'web content', 'online campaigns'],
  ENGINEERING: ['engineer', 'engineering', 'mechanical engineering', 'electrical engineering', 'design and testing', 'technical drawings', 'CAD'],
  FINANCE: ['finance', 'financial analysis', 'financial planning', 'budgeting', 'forecasting', 'investment', 'financial reporting'],
  FITNESS: ['fitness', 'personal trainer', 'exercise', 'gym', 'group fitness classes', 'health and wellness', 'strength training'],
  HEALTHCARE: ['healthcare', 'patient care', 'nursing', 'medical', 'hospital', 'clinical', 'health services'],
  HR: ['human resources', 'recruitment', 'employee relations', 'payroll', 'benefits administration', 'onboarding', 'HR policies'],
  'INFORMATION-TECHNOLOGY': ['information technology', 'IT support', 'network administration', 'computer systems', 'software', 'help desk', 'IT infrastructure'],
  'PUBLIC-RELATIONS': ['public relations', 'media relations', 'press releases', 'communications', 'publicity', 'events', 'corporate communications'],
  SALES: ['sales', 'selling', 'sales targets', 'customer relationships', 'retail sales', 'sales representative', 'closing deals'],
  TEACHER: ['teacher', 'teaching', 'classroom', 'lesson plans', 'students', 'curriculum', 'education'],
});

/** The readable name and a few defining terms of a label name (upper-case, hyphenated or as given). */
export function describeLabelName(name: string): { label: string; terms: string[] } {
  const key = name.trim().toUpperCase().replace(/[\s_]+/g, '-');
  const terms = DESCRIPTIONS[key];
  return { label: name, terms: terms ? [...terms] : [name.replace(/[-_]+/g, ' ').toLowerCase()] };
}

export const DESCRIBED_LABEL_NAMES: readonly string[] = Object.freeze(Object.keys(DESCRIPTIONS));
