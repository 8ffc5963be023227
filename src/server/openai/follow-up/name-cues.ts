import type { NameMention } from "./name-mentions.ts";

/** The kinds of thing a name can be shown to name. */
export type NamedKind = "person" | "organisation" | "place";

/** How strongly the words of a conversation suggest each kind for a name; 0 where nothing does. */
export type KindEvidence = Readonly<Record<NamedKind, number>>;

/** A person's grammatical gender, as the pronouns that refer to them show it. */
export type Gender = "masculine" | "feminine";

interface Cue {
  readonly pattern: RegExp;
  readonly evidence: Partial<KindEvidence>;
}

const organisationEndings = new Set(
  [
    ...["Foundry", "Company", "Co", "Corporation", "Corp", "Inc", "Incorporated", "Ltd", "Limited", "LLC", "LLP"],
    ...["PLC", "GmbH", "University", "College", "Institute", "Institution", "Bank", "Guild", "Works", "Press"],
    ...["Society", "Association", "Foundation", "Group", "Holdings", "Industries", "Partners", "Trust", "Agency"],
    ...["Council", "Ministry", "Museum", "School", "Academy", "Club", "Union", "Federation", "House", "Mills"],
    ...["Laboratories", "Labs", "Studios", "Brewery", "Motors", "Airlines", "Railway", "Enterprises", "Publishers"],
    ...["Gallery", "Hospital", "Church", "Party", "Committee", "Commission", "Department", "Office", "Services"],
  ].map((ending) => ending.toLowerCase()),
);
/** First words of organisation names that go on with "of" ("University of Oxford", "Bank of England"). */
const organisationOpenings =
  /^(?:University|Bank|Institute|Society|Museum|College|Academy|Ministry|Department|Church|League|Council|Association|Federation|Union|Order) of /;
const placeEndings = new Set(
  [
    ...["City", "Town", "Village", "County", "Province", "Island", "Islands", "Valley", "River", "Lake", "Sea"],
    ...["Ocean", "Bay", "Mountains", "Mountain", "Hills", "Street", "Road", "Avenue", "Square", "Park", "Bridge"],
    ...["Harbour", "Harbor", "Forest", "Desert", "Coast", "Peninsula", "Republic", "Kingdom", "Region", "District"],
  ].map((ending) => ending.toLowerCase()),
);
const placeOpenings =
  /^(?:Mount|Lake|Port|Fort|Cape|Isle|City of|Republic of|Kingdom of|Isle of|New|San|Santa|Los|Las|Saint|St|North|South|East|West|Upper|Lower|Great) /;

const professions =
  "painter|potter|baker|engineer|teacher|carpenter|doctor|architect|pilot|librarian|chemist|sailor|lawyer|" +
  "gardener|musician|astronomer|writer|author|poet|scientist|physicist|mathematician|actor|actress|singer|" +
  "director|president|chairman|chairwoman|minister|king|queen|artist|composer|nurse|farmer|student|professor";
const placeNouns = "town|city|village|port|region|country|county|island|capital|hamlet|settlement|province";
const organisationNouns =
  "company|firm|business|bank|guild|foundry|press|institute|university|charity|manufacturer|publisher|brewery|maker";

/** What the words before a name say about it; each pattern ends where the name begins. */
const beforeCues: readonly Cue[] = [
  { pattern: /\b(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord)\.?\s+$/i, evidence: { person: 3 } },
  {
    pattern: /\b(?:founded|started|set up|established|written|painted|composed|invented|discovered) by\s+$/i,
    evidence: { person: 2 },
  },
  {
    pattern: /\b(?:married(?: to)?|(?:wife|husband|son|daughter|mother|father|brother|sister|widow|friend) of)\s+$/i,
    evidence: { person: 2 },
  },
  { pattern: new RegExp(String.raw`\b(?:${professions})\s*,?\s+$`, "i"), evidence: { person: 2 } },
  { pattern: /\b(?:works?|worked|working) for\s+$/i, evidence: { organisation: 2 } },
  {
    pattern: new RegExp(
      String.raw`\b(?:employed by|employee of|joined|the (?:${organisationNouns}|works|trading house)|(?:head office|headquarters|founder|staff|director|employees|owner) of)\s+$`,
      "i",
    ),
    evidence: { organisation: 2 },
  },
  { pattern: /\bfounded\s+$/i, evidence: { organisation: 1, place: 1 } },
  {
    pattern:
      /\b(?:born|based|lives?|lived|living|located|situated|headquartered|grew up|raised|trained|settled|died|depot|office) (?:in|at|near)\s+$/i,
    evidence: { place: 2 },
  },
  { pattern: /\b(?:in|at|near|around|outside)\s+$/i, evidence: { place: 1 } },
  { pattern: new RegExp(String.raw`\b(?:${placeNouns}) of\s+$`, "i"), evidence: { place: 3 } },
  {
    pattern:
      /\b(?:travel(?:l)?ed|went|moved|returned|trip|journey|flew|sailed|drove|visit|visits|visited|emigrated) (?:back )?to\s+$/i,
    evidence: { place: 2 },
  },
  {
    pattern: /\b(?:comes|came|is|hails|journey by rail|miles|kilometres|kilometers) from\s+$/i,
    evidence: { place: 1 },
  },
];

/** What the words after a name say about it; each pattern starts where the name ends. */
const afterCues: readonly Cue[] = [
  { pattern: /^\s*(?:was|is|were) born\b/i, evidence: { person: 2 } },
  {
    pattern:
      /^\s*(?:married|died|works for|worked for|is employed|was employed|lives in|lived in|grew up|was raised)\b/i,
    evidence: { person: 2 },
  },
  { pattern: /^\s*,?\s*who\b/i, evidence: { person: 2 } },
  {
    pattern:
      /^['’]s?\s+(?:wife|husband|son|daughter|mother|father|brother|sister|children|parents|job|birthday|profession|birthplace|employer)\b/i,
    evidence: { person: 2 },
  },
  {
    pattern: new RegExp(String.raw`^\s*(?:is|was) (?:a|an) (?:${professions}|man|woman|person)\b`, "i"),
    evidence: { person: 2 },
  },
  {
    pattern:
      /^\s*(?:was founded by|was set up|employs|is based|was based|is headquartered|has its head office|publishes|manufactures)\b/i,
    evidence: { organisation: 2 },
  },
  {
    pattern: new RegExp(String.raw`^\s*(?:is|was) (?:a|an) (?:\p{L}+ )?(?:${organisationNouns})\b`, "iu"),
    evidence: { organisation: 3 },
  },
  { pattern: /^\s*was founded\b(?! by)/i, evidence: { organisation: 1, place: 1 } },
  { pattern: /^\s*(?:lies|lay|stands|stood|is situated|is located|was located)\b/i, evidence: { place: 2 } },
  {
    pattern: new RegExp(String.raw`^\s*(?:is|was) (?:a|an|the) (?:\p{L}+ )?(?:${placeNouns})\b`, "iu"),
    evidence: { place: 3 },
  },
  { pattern: /^\s+(?:region|river|valley|district|province|county|mountains|hills)\b/, evidence: { place: 2 } },
];

const masculineTitle = /\b(?:mr|sir|lord|king)\.?\s+$/i;
const feminineTitle = /\b(?:mrs|ms|miss|dame|lady|queen)\.?\s+$/i;

/** What a name's own words say of its kind: "Teithin Foundry" is an organisation, "Lake Vouvon" a place. */
export function nameEvidence(name: string): KindEvidence {
  const last = name.split(" ").at(-1)?.toLowerCase() ?? "";
  const organisation = organisationEndings.has(last) || organisationOpenings.test(name) ? 3 : 0;
  const place = placeEndings.has(last) || placeOpenings.test(name) ? 3 : 0;
  return { person: 0, organisation, place };
}

/** What the sentence around one mention says of the kind of thing it names. */
export function contextEvidence(mention: NameMention): KindEvidence {
  const evidence = { person: 0, organisation: 0, place: 0 };
  const heard = [
    ...beforeCues.filter((cue) => cue.pattern.test(mention.before)),
    ...afterCues.filter((cue) => cue.pattern.test(mention.after)),
  ];
  for (const cue of heard) {
    evidence.person += cue.evidence.person ?? 0;
    evidence.organisation += cue.evidence.organisation ?? 0;
    evidence.place += cue.evidence.place ?? 0;
  }
  return evidence;
}

/** The gender a title before a mention gives ("Mrs Maide Thoutre"); undefined without one. */
export function titleGender(mention: NameMention): Gender | undefined {
  if (masculineTitle.test(mention.before)) return "masculine";
  if (feminineTitle.test(mention.before)) return "feminine";
  return undefined;
}
