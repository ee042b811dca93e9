// @rivulet/rca and @rivulet/quality are compiled from their sources here (the `source` condition), and their
// ambient declarations for the untyped jstat and ml-isolation-forest packages are not part of their import
// graphs; include them.
/// <reference path="../../../libs/rca/src/stats/jstat.d.ts" />
/// <reference path="../../../libs/quality/src/anomaly/ml-isolation-forest.d.ts" />
