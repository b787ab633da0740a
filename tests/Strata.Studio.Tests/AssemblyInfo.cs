// One browser and one database at a time: the machine has two cores, and a studio test is mostly waiting on both.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
