/**
 * The embed's own URL parameters, besides the flow settings and step that `readView` reads.
 * Shared by the embed page, the embed builder and the <tokenstep-flow> element's docs, so all
 * three name and default them alike. Never throws: a bad value falls back with a problem.
 */

export const EMBED_THEMES = ['auto', 'light', 'dark'] as const;
export type EmbedTheme = (typeof EMBED_THEMES)[number];
export const EMBED_PANELS = ['controls', 'inspector', 'title'] as const;
export type EmbedPanel = (typeof EMBED_PANELS)[number];
export const EMBED_SPEEDS = [0.5, 1, 2, 4] as const;

export interface EmbedOptions {
	theme: EmbedTheme;
	autoplay: boolean;
	speed: number;
	panels: EmbedPanel[];
	/** 'auto': the page grows to its content (the web component sizes the frame to it). */
	height: 'auto' | number;
}

export const DEFAULT_EMBED: EmbedOptions = {
	theme: 'auto',
	autoplay: false,
	speed: 1,
	panels: ['controls'],
	height: 640
};

export const MIN_HEIGHT = 320;
export const MAX_HEIGHT = 2000;

/** A bad embed parameter: which one, what was given, and why it was not used. */
export interface EmbedProblem {
	param: 'theme' | 'autoplay' | 'speed' | 'panels' | 'height';
	value: string;
	message: string;
}

const quote = (text: string) => (text.length > 30 ? `${text.slice(0, 30)}…` : text);

export function readEmbedOptions(params: URLSearchParams): {
	options: EmbedOptions;
	problems: EmbedProblem[];
} {
	const options: EmbedOptions = { ...DEFAULT_EMBED, panels: [...DEFAULT_EMBED.panels] };
	const problems: EmbedProblem[] = [];
	const bad = (param: EmbedProblem['param'], value: string, allowed: string) =>
		problems.push({
			param,
			value,
			message: `Ignored ${param}=${quote(value)}: allowed ${allowed}. Using the default instead.`
		});

	const theme = params.get('theme');
	if (theme !== null) {
		if ((EMBED_THEMES as readonly string[]).includes(theme)) options.theme = theme as EmbedTheme;
		else bad('theme', theme, EMBED_THEMES.join(', '));
	}
	const autoplay = params.get('autoplay');
	if (autoplay !== null) {
		if (autoplay === '1' || autoplay === '0') options.autoplay = autoplay === '1';
		else bad('autoplay', autoplay, '1 or 0');
	}
	const speed = params.get('speed');
	if (speed !== null) {
		const n = Number(speed);
		if ((EMBED_SPEEDS as readonly number[]).includes(n) && speed.trim() !== '') options.speed = n;
		else bad('speed', speed, EMBED_SPEEDS.join(', '));
	}
	const panels = params.get('panels');
	if (panels !== null) {
		const names = panels.split(',').filter((p) => p !== '');
		const unknown = names.filter((p) => !(EMBED_PANELS as readonly string[]).includes(p));
		// Known names are kept even beside unknown ones: a typo in one should not hide the others.
		options.panels = EMBED_PANELS.filter((p) => names.includes(p));
		if (unknown.length)
			bad('panels', unknown.join(','), `a comma-separated list of ${EMBED_PANELS.join(', ')}`);
	}
	const height = params.get('height');
	if (height !== null) {
		const n = /^\d{1,5}$/.test(height) ? Number(height) : NaN;
		if (height === 'auto') options.height = 'auto';
		else if (n >= MIN_HEIGHT && n <= MAX_HEIGHT) options.height = n;
		else
			bad('height', height, `auto or a whole number of pixels from ${MIN_HEIGHT} to ${MAX_HEIGHT}`);
	}
	return { options, problems };
}

/** Writes the non-default embed options as query parameters (appended to `params`). */
export function writeEmbedOptions(options: EmbedOptions, params = new URLSearchParams()) {
	if (options.theme !== DEFAULT_EMBED.theme) params.set('theme', options.theme);
	if (options.autoplay) params.set('autoplay', '1');
	if (options.speed !== DEFAULT_EMBED.speed) params.set('speed', String(options.speed));
	const panels = EMBED_PANELS.filter((p) => options.panels.includes(p));
	if (panels.join(',') !== DEFAULT_EMBED.panels.join(',')) params.set('panels', panels.join(','));
	if (options.height === 'auto') params.set('height', 'auto');
	return params;
}
