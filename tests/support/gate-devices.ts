// The stand-in gates live beside the benchmark, which drives them too.
export * from '../../electron/cli/gate-standins';
