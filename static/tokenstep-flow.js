/**
 * <tokenstep-flow flow="code-pkce" step="3" theme="dark"></tokenstep-flow>
 *
 * A Tokenstep flow embedded in any page, framework-free. Load this module from the Tokenstep
 * site that should serve the flow; its attributes mirror the embed's URL parameters. The frame
 * loads when scrolled near, and grows to its content: the embed reports its height and step,
 * only to this page's origin, and only messages from that frame on the site's origin are read.
 * No inline styles or <style> elements, so it works under a strict Content-Security-Policy.
 */
const SITE = new URL('./', import.meta.url);
const HELLO = 'tokenstep:hello';
const STATE = 'tokenstep:state';
const PARAMS = [
	'scope',
	'lifetime',
	'at_lifetime',
	'alg',
	'user',
	'client',
	'rules',
	'wait',
	'do',
	'step',
	'theme',
	'autoplay',
	'speed',
	'panels'
];

class TokenstepFlow extends HTMLElement {
	static observedAttributes = ['flow', 'height', 'title', ...PARAMS];
	#frame;
	#observer;
	#greeting;
	#answered = false;
	#step;
	#count;
	#onMessage = (event) => this.#receive(event);

	connectedCallback() {
		this.style.display ||= 'block';
		window.addEventListener('message', this.#onMessage);
		if (this.#frame) return;
		if (!('IntersectionObserver' in window)) return this.#load();
		// Load a little before it scrolls into view, so it is ready when seen.
		this.#observer = new IntersectionObserver(
			(entries) => entries.some((e) => e.isIntersecting) && this.#load(),
			{ rootMargin: '600px 0px' }
		);
		this.#observer.observe(this);
	}

	disconnectedCallback() {
		window.removeEventListener('message', this.#onMessage);
		this.#observer?.disconnect();
		clearInterval(this.#greeting);
	}

	attributeChangedCallback() {
		if (this.#frame) this.#frame.src = this.#src();
	}

	/** A fixed height in pixels, or undefined: then the frame follows its content. */
	get #fixedHeight() {
		const h = Number(this.getAttribute('height'));
		return Number.isInteger(h) && h > 0 ? h : undefined;
	}

	#src() {
		const flow = encodeURIComponent(this.getAttribute('flow') || 'code-pkce');
		const url = new URL(`embed/${flow}`, SITE);
		for (const name of PARAMS) {
			const value = this.getAttribute(name);
			if (value !== null) url.searchParams.set(name, value);
		}
		if (!this.#fixedHeight) url.searchParams.set('height', 'auto');
		return url.href;
	}

	#load() {
		this.#observer?.disconnect();
		const frame = document.createElement('iframe');
		frame.title = this.getAttribute('title') || 'OpenID Connect flow (Tokenstep)';
		frame.style.cssText = 'display:block;width:100%;border:0';
		frame.style.height = `${this.#fixedHeight ?? 480}px`;
		frame.src = this.#src();
		// Greet the embed until it answers: only then does it know where to send its size.
		frame.addEventListener('load', () => {
			clearInterval(this.#greeting);
			let tries = 0;
			const greet = () => {
				if (++tries > 40 || this.#answered) return clearInterval(this.#greeting);
				frame.contentWindow?.postMessage({ type: HELLO }, SITE.origin);
			};
			this.#answered = false;
			greet();
			this.#greeting = setInterval(greet, 250);
		});
		this.#frame = frame;
		this.replaceChildren(frame);
	}

	#receive(event) {
		if (event.origin !== SITE.origin || event.source !== this.#frame?.contentWindow) return;
		const { type, height, step, count } = event.data ?? {};
		if (type !== STATE || ![height, step, count].every(Number.isFinite)) return;
		this.#answered = true;
		if (!this.#fixedHeight)
			this.#frame.style.height = `${Math.min(Math.max(Math.ceil(height), 200), 4000)}px`;
		if (step !== this.#step || count !== this.#count) {
			this.#step = step;
			this.#count = count;
			this.setAttribute('data-step', String(step));
			this.dispatchEvent(new CustomEvent('tokenstep-step', { detail: { step, count } }));
		}
	}
}

if (!customElements.get('tokenstep-flow')) customElements.define('tokenstep-flow', TokenstepFlow);
