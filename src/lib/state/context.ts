import { getContext, setContext } from 'svelte';
import type { Simulation } from './simulation.svelte';

const key = Symbol('simulation');

export function setSimulationContext(simulation: Simulation): Simulation {
	return setContext(key, simulation);
}

export function getSimulationContext(): Simulation {
	return getContext<Simulation>(key);
}
