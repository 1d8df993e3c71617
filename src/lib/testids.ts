/** Test ids shared by components and Playwright tests. */
export const TID = {
	diagram: 'diagram',
	stepCounter: 'step-counter',
	stepNarration: 'step-narration',
	scrubber: 'scrubber',
	inspector: 'inspector',
	inspectorTitle: 'inspector-title',
	request: 'http-request',
	response: 'http-response',
	token: 'token',
	claims: 'claims',
	checklist: 'checklist',
	notice: 'notice',
	diff: 'token-diff',
	knobs: 'knobs',
	outcome: 'outcome',
	gallery: 'gallery',
	recorded: 'recorded-run',
	embedBuilder: 'embed-builder',
	embedPreview: 'embed-preview',
	rowsCut: 'rows-cut',
	keptKeys: 'kept-keys'
} as const;
