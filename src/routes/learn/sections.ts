/** The guide's sections, in order: the table of contents and each section's heading. */
export const SECTIONS = [
	{ id: 'parts', title: 'Three parts' },
	{ id: 'claims', title: 'Claims' },
	{ id: 'scope', title: 'Scope decides the claims' },
	{ id: 'lifetime', title: 'Lifetime' },
	{ id: 'renewal', title: 'Renewal' },
	{ id: 'revocation', title: 'Why tokens cannot be revoked' },
	{ id: 'backchannel-logout', title: 'Back-channel logout' },
	{ id: 'frontchannel-logout', title: 'Front-channel logout' },
	{ id: 'profile', title: '/tokeninfo and /userinfo' },
	{ id: 'device', title: 'Signing in on a TV: the device grant' },
	{ id: 'validation', title: 'Validating on the server' },
	{ id: 'par', title: 'Pushed, signed requests (PAR)' },
	{ id: 'dpop', title: 'Tokens bound to a key (DPoP)' },
	{ id: 'encryption', title: 'Encryption for sensitive claims' },
	{ id: 'keys', title: 'What this browser keeps: keys and drawings' }
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];
