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
	jwe: 'jwe',
	decrypt: 'decrypt'
} as const;
