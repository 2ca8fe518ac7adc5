package dev.stripeoperator.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Cores kept busy during a phase, on average: by the receiver, PostgreSQL, this load generator, and
 * everything else on the machine (other people's builds make the numbers noisy; this shows how much).
 */
record CpuUsage(double receiver, double postgres, double generator, double others, double machine, int cores) {

    /** The median of each column over several phases (of the same kind, in different rounds). */
    static CpuUsage median(List<CpuUsage> usages) {
        return new CpuUsage(
                median(usages, CpuUsage::receiver),
                median(usages, CpuUsage::postgres),
                median(usages, CpuUsage::generator),
                median(usages, CpuUsage::others),
                median(usages, CpuUsage::machine),
                usages.getFirst().cores());
    }

    private static double median(List<CpuUsage> usages, ToDoubleFunction<CpuUsage> column) {
        return Spread.of(usages.stream().map(column::applyAsDouble).toList()).median();
    }

    /** A reading of the counters at one moment. */
    record Sample(long nanos, long receiver, long postgres, long generator, long machineBusy) {

        /** A reading for the server under load ({@code 0} when there is none, as for the store alone) and PostgreSQL. */
        static Sample take(long receiverPid, long postgresPid) {
            return new Sample(
                    System.nanoTime(),
                    ProcessCpu.treeTicks(receiverPid),
                    ProcessCpu.treeTicks(postgresPid),
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
