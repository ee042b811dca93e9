// talisman ships CommonJS without type declarations; these cover the few modules this package uses.
declare module 'talisman/phonetics/double-metaphone.js' {
  const doubleMetaphone: (word: string) => [string, string];
  export default doubleMetaphone;
}
declare module 'talisman/metrics/jaro-winkler.js' {
  const jaroWinkler: (a: string, b: string) => number;
  export default jaroWinkler;
}
declare module 'talisman/metrics/damerau-levenshtein.js' {
  interface DamerauLevenshtein {
    (a: string, b: string): number;
    /** Returns Infinity once the distance exceeds `max` (cheaper than the full distance). */
    limited(max: number, a: string, b: string): number;
  }
  const damerauLevenshtein: DamerauLevenshtein;
  export default damerauLevenshtein;
}
declare module 'talisman/metrics/monge-elkan.js' {
  interface MongeElkan {
    (sim: (a: string, b: string) => number, source: string[], target: string[]): number;
    symmetric(sim: (a: string, b: string) => number, source: string[], target: string[]): number;
  }
  const mongeElkan: MongeElkan;
  export default mongeElkan;
}
declare module 'talisman/metrics/jaccard.js' {
  const jaccard: (a: string[], b: string[]) => number;
  export default jaccard;
}
