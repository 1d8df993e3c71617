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
	settings: 'settings',
	outcome: 'outcome',
	gallery: 'gallery'
} as const;
