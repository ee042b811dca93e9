// The package ships no types; this is the part of its API (v0.1.0) we use.
declare module 'ml-isolation-forest' {
  export class IsolationForest {
    constructor(options?: { nEstimators?: number });
    train(trainingSet: number[][]): void;
    /** Scores in (0, 1]: 2^(-mean path length / c(n)), n = training set size. */
    predict(data: number[][]): number[];
  }
}
