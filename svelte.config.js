// Svelte 5 in runes mode everywhere; TypeScript in components is type-only, which Svelte strips natively.
export default {
  compilerOptions: { runes: true },
};
