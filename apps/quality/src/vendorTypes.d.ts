// @rivulet/quality is compiled from its sources here (the `source` condition), and its ambient declaration
// for the untyped ml-isolation-forest package is not part of its import graph; include it.
/// <reference path="../../../libs/quality/src/anomaly/ml-isolation-forest.d.ts" />
