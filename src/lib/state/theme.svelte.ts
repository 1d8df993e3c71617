import { browserStorage as storage, storeItem } from '$lib/storage';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** Where the person's choice is kept (static/diagram-guard.js reads it too, given it by Diagram). */
export const THEME_STORAGE_KEY = 'tokenstep-theme';
const STORAGE_KEY = THEME_STORAGE_KEY;

/** The colour scheme: the system's unless the person picked one; remembered across visits. */
class Theme {
	choice = $state<ThemeChoice>('system');
	systemDark = $state(false);
	readonly dark = $derived(this.choice === 'dark' || (this.choice === 'system' && this.systemDark));

	/** Browser only: reads the stored choice and follows the system setting. */
	start(): void {
		const stored = storage()?.getItem(STORAGE_KEY);
		if (stored === 'light' || stored === 'dark') this.choice = stored;
		const query = matchMedia('(prefers-color-scheme: dark)');
		this.systemDark = query.matches;
		query.addEventListener('change', (e) => (this.systemDark = e.matches));
		this.#applyChoice();
	}

	/** `persist: false` for embeds, whose theme comes from their URL, not the visitor's choice. */
	set(choice: ThemeChoice, { persist = true } = {}): void {
		this.choice = choice;
		// Where storage is refused or full, the choice holds for this visit only.
		if (persist) storeItem(STORAGE_KEY, choice === 'system' ? null : choice);
		this.#applyChoice();
	}

	#applyChoice(): void {
		if (this.choice === 'system') delete document.documentElement.dataset.theme;
		else document.documentElement.dataset.theme = this.choice;
	}
}

export const theme = new Theme();

/** Browser only: whether the page will start dark (what `start` will decide), before it starts. */
export function startsDark(): boolean {
	const stored = storage()?.getItem(STORAGE_KEY);
	if (stored === 'light' || stored === 'dark') return stored === 'dark';
	return matchMedia('(prefers-color-scheme: dark)').matches;
}
