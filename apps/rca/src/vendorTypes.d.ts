// @rivulet/rca is compiled from its sources here (the `source` condition), and its ambient declaration for
// the untyped jstat package is not part of its import graph; include it.
/// <reference path="../../../libs/rca/src/stats/jstat.d.ts" />
