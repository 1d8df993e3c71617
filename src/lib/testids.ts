/** Test ids shared by components and Playwright tests. */
export const TID = {
	diagram: 'diagram',
	stepCounter: 'step-counter',
	stepNarration: 'step-narration',
	tamperProblem: 'tamper-problem',
	scrubber: 'scrubber',
	inspector: 'inspector',
	inspectorTitle: 'inspector-title',
	refusal: 'refusal',
	request: 'http-request',
	response: 'http-response',
	token: 'token',
	claims: 'claims',
	checklist: 'checklist',
	/** The verdict that leads a checklist: valid or refused, and by which checks. */
	checkVerdict: 'check-verdict',
	/** One check of a checklist (with data-check-id and data-status). */
	check: 'check',
	/** A check's link to the earlier message its expected value came from. */
	checkSource: 'check-source',
	/** The protocol parameters of a request or redirect, each with its role. */
	requestParams: 'request-params',
	notice: 'notice',
	diff: 'token-diff',
	/** A check whose result changed: data-check, data-step (message.nth), data-before, data-after. */
	diffCheck: 'diff-check',
	/** The current step's verdict by the step controls: data-expected (its code) or data-error. */
	stepStatus: 'step-status',
	/** The step controls' toolbar (on a phone, pinned to the bottom edge). */
	stepControls: 'step-controls',
	/** On a phone: the inspector sheet's handle (aria-expanded), and the flow's "About" toggle. */
	sheetToggle: 'sheet-toggle',
	aboutToggle: 'about-toggle',
	knobs: 'knobs',
	settings: 'settings',
	outcome: 'outcome',
	gallery: 'gallery',
	recorded: 'recorded-run',
	embedBuilder: 'embed-builder',
	embedPreview: 'embed-preview',
	rowsCut: 'rows-cut',
	/** Rows of a long table or checklist still to be drawn (they come when the browser is idle). */
	rowsLater: 'rows-later',
	importFile: 'import-file',
	importPaste: 'import-paste',
	importSummary: 'import-summary',
	importOptions: 'import-options',
	/** /import: the running import's progress and Cancel (data-done, data-total, data-code). */
	importProgress: 'import-progress',
	/** /import: the flows a recording holds (each option: data-kind, data-nth, data-failed). */
	importFlows: 'import-flows',
	/** /import: the clock leeway the checks allow, in seconds (data-used: the value taken). */
	importSkew: 'import-skew',
	keptKeys: 'kept-keys',
	/** The decoder's simulator keys: data-state kept | none | unavailable | loading. */
	decodeKeys: 'decode-keys',
	decodeFlowTime: 'decode-flow-time',
	/** Where "Open in decoder" would be, for a token the importer masked. */
	decoderMasked: 'decoder-masked',
	/** /decode: a handed-over token that was not found (data-code). */
	decodeHandover: 'decode-handover',
	/** A raw HTTP message cut at the decoder's cap: its "Show more" controls. */
	showMore: 'show-more',
	keptDrawings: 'kept-drawings',
	/** /live: the form (issuer, client_id, …), Connect, and the redirect URI to register. */
	liveForm: 'live-form',
	liveConnect: 'live-connect',
	liveRedirectUri: 'live-redirect-uri',
	/** /live: why a live login stopped (data-code LIVE_*, data-at the step's ref.message). */
	liveFailure: 'live-failure',
	/** /live: the provider-specific hint for a failure (data-provider). */
	liveHint: 'live-hint',
	/** /live: a finished login (data-outcome, data-steps, data-failed checks). */
	liveSummary: 'live-summary',
	/** /live: the origins the page talks to after Connect, as discovery named them. */
	liveOrigins: 'live-origins',
	jwe: 'jwe',
	decrypt: 'decrypt'
} as const;
