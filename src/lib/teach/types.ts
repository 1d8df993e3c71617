/**
 * The shapes of teaching text: every sentence a learner reads about a protocol rule sits in an
 * entry with the spec sections it rests on, so a test can walk them all (tests/unit/teaching).
 * Text is plain strings in the small inline markup of `markup.ts`; pages render it.
 */

/** A link to the section a rule comes from: `url` is one of SPEC's (src/lib/core/spec.ts). */
export interface SpecLink {
	/** How the section is named where it is cited: "OIDC Core §3.1.3.7", "RFC 9700 §2.1.2". */
	label: string;
	url: string;
}

/** A paragraph that states protocol rules, with the sections they come from (never empty). */
export interface RuleEntry {
	kind: 'rule';
	text: string;
	specs: SpecLink[];
}

/** Where the seed guide is outdated: names the note in GUIDE that says what replaced it. */
export interface OutdatedEntry {
	kind: 'outdated';
	note: GuideNoteId;
}

/** What this simulator does, stating no protocol rule (how it keeps keys, what it honours). */
export interface SimulatorEntry {
	kind: 'simulator';
	text: string;
}

/** Where to see it: links to flows and pages, stating no rule. */
export interface TryEntry {
	kind: 'try';
	text: string;
}

export type TeachEntry = RuleEntry | OutdatedEntry | SimulatorEntry | TryEntry;

/**
 * What the seed guide (shared/reference, Auth0, c. 2016) says and what replaced it. Shown at
 * the point where the site teaches the same thing, marked as the guide being outdated there.
 */
export interface GuideNote {
	/** What the guide says, in its words (shortened). */
	guide: string;
	/** What replaced it, and why (markup). */
	now: string;
	/** The sections, and the vendor's own pages, that say so. */
	specs: SpecLink[];
}

export type GuideNoteId =
	| 'registeredClaims'
	| 'urlSize'
	| 'scopeControlsIdToken'
	| 'responseTypeToken'
	| 'rules'
	| 'lifetime'
	| 'renewIdToken'
	| 'noRevocation'
	| 'tokeninfo'
	| 'delegation'
	| 'spaValidation';
