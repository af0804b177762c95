// Each test here runs a whole app (and the demo test a whole migration, cutover included) on the shared testbed's two
// cores: one at a time, and the cutover's global read_only never lands in the middle of another test's traffic.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
