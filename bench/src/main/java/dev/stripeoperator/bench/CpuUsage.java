package dev.stripeoperator.bench;

/**
 * Cores kept busy during a phase, on average: by the receiver, PostgreSQL, this load generator, and
 * everything else on the machine (other people's builds make the numbers noisy; this shows how much).
 */
record CpuUsage(double receiver, double postgres, double generator, double others, double machine, int cores) {

    /** A reading of the counters at one moment. */
    record Sample(long nanos, long receiver, long postgres, long generator, long machineBusy) {

        static Sample take(Target target) {
            return new Sample(
                    System.nanoTime(),
                    ProcessCpu.treeTicks(target.receiverPid()),
                    ProcessCpu.treeTicks(target.postgresPid()),
                    ProcessCpu.treeTicks(ProcessHandle.current().pid()),
                    ProcessCpu.machineTicks()[0]);
        }

        /** The usage between this earlier sample and a later one. */
        CpuUsage until(Sample later) {
            double seconds = (later.nanos - nanos) / 1e9;
            double receiverCores = cores(later.receiver - receiver, seconds);
            double postgresCores = cores(later.postgres - postgres, seconds);
            double generatorCores = cores(later.generator - generator, seconds);
            double machineCores = cores(later.machineBusy - machineBusy, seconds);
            return new CpuUsage(
                    receiverCores,
                    postgresCores,
                    generatorCores,
                    Math.max(0, machineCores - receiverCores - postgresCores - generatorCores),
                    machineCores,
                    Runtime.getRuntime().availableProcessors());
        }

        private static double cores(long ticks, double seconds) {
            return ticks / ProcessCpu.TICKS_PER_SECOND / seconds;
        }
    }
}
