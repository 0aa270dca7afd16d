package io.provisioning.connector.execution;

import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorException;
import io.provisioning.connector.spi.PermanentException;
import io.provisioning.connector.spi.TransactionalOp;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Applies desired-state commands to one target (docs/architecture.md): the account steps in parallel,
 * then the group changes of all of them batched per group. Commands for the same account are
 * applied one after the other, in the order given.
 */
public final class CommandExecutor {

    /** Told how long each phase of a round took: where a target's batches spend their time. */
    @FunctionalInterface
    public interface PhaseClock {
        PhaseClock NONE = (phase, nanos) -> { };

        void took(Phase phase, long nanos);
    }

    /** The phases of a round of account steps. */
    public enum Phase {
        /** the account steps, in parallel */
        ACCOUNTS,
        /** the group changes of the round, batched per group */
        GROUPS
    }

    private final Connector connector;
    private final ExecutorService threads;
    private final PhaseClock clock;

    /**
     * @param threads runs the account steps and group calls; its size is the target's concurrency
     */
    public CommandExecutor(Connector connector, ExecutorService threads) {
        this(connector, threads, PhaseClock.NONE);
    }

    /**
     * @param threads runs the account steps and group calls; its size is the target's concurrency
     * @param clock   told the duration of each phase
     */
    public CommandExecutor(Connector connector, ExecutorService threads, PhaseClock clock) {
        this.connector = connector;
        this.threads = threads;
        this.clock = clock;
    }

    /** Every account taken to be its command's worker's: for tests of the steps alone. */
    List<CommandResult> execute(List<ProvisioningCommand> commands) throws InterruptedException {
        return execute(commands, AccountOwnership.UNCHECKED);
    }

    /**
     * @param ownership whose an account found under a command's name is: someone else's is never changed
     * @return one result per command, in the order given; failures are results, never thrown
     * @throws InterruptedException if interrupted while waiting for the target
     */
    public List<CommandResult> execute(List<ProvisioningCommand> commands, AccountOwnership ownership)
            throws InterruptedException {
        Map<ProvisioningCommand, CommandResult> results = new IdentityHashMap<>();
        for (List<ProvisioningCommand> round : rounds(commands)) {
            executeRound(round, ownership).forEach(result -> results.put(result.command(), result));
        }
        return commands.stream().map(results::get).toList();
    }

    private List<CommandResult> executeRound(List<ProvisioningCommand> round, AccountOwnership ownership)
            throws InterruptedException {
        if (connector instanceof TransactionalOp transactional) {
            return executeEachInATransaction(transactional, round, ownership);
        }
        List<AccountStep> steps = new ArrayList<>(round.size());
        List<Callable<Void>> accountCalls = new ArrayList<>(round.size());
        for (ProvisioningCommand command : round) {
            AccountStep step = new AccountStep(connector, command, ownership);
            steps.add(step);
            accountCalls.add(() -> {
                step.run();
                return null;
            });
        }
        long started = System.nanoTime();
        runAll(accountCalls);
        long accountsDone = System.nanoTime();
        clock.took(Phase.ACCOUNTS, accountsDone - started);
        runAll(new GroupPhase(connector).calls(steps));
        clock.took(Phase.GROUPS, System.nanoTime() - accountsDone);
        return steps.stream().map(AccountStep::result).toList();
    }

    /**
     * One transaction per command, its group changes included: nothing of a failed command stays.
     * Group changes are not batched across commands here; a database does not need it.
     */
    private List<CommandResult> executeEachInATransaction(TransactionalOp transactional,
            List<ProvisioningCommand> round, AccountOwnership ownership) throws InterruptedException {
        List<AccountStep> steps = new ArrayList<>(round.size());
        List<Callable<Void>> calls = new ArrayList<>(round.size());
        for (ProvisioningCommand command : round) {
            AccountStep step = new AccountStep(connector, command, ownership);
            steps.add(step);
            calls.add(() -> {
                try {
                    transactional.inTransaction(() -> {
                        step.run();
                        if (step.failed()) {
                            throw step.failure();
                        }
                        new GroupPhase(connector).calls(List.of(step)).forEach(CommandExecutor::callUnchecked);
                        if (step.failed()) {
                            throw step.failure();
                        }
                        return null;
                    });
                } catch (ConnectorException rolledBack) {
                    step.rolledBack(rolledBack);
                } catch (Exception e) {
                    step.rolledBack(new PermanentException("connector error: " + e.getClass().getSimpleName(), null));
                }
                return null;
            });
        }
        runAll(calls);
        return steps.stream().map(AccountStep::result).toList();
    }

    /** Group calls keep their failures in their steps; anything else they throw is a bug. */
    private static void callUnchecked(Callable<Void> call) {
        try {
            call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void runAll(List<Callable<Void>> calls) throws InterruptedException {
        if (calls.size() == 1) {
            try {
                calls.get(0).call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        for (Future<Void> future : threads.invokeAll(calls)) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error fatal) {
                    // not a failed round to be retried: the worker's thread ends, and with it the process
                    throw fatal;
                }
                throw new IllegalStateException("a step failed outside its own error handling", e.getCause());
            }
        }
    }

    /** Splits the commands into rounds in which each account appears at most once, keeping their order. */
    static List<List<ProvisioningCommand>> rounds(List<ProvisioningCommand> commands) {
        List<List<ProvisioningCommand>> rounds = new ArrayList<>();
        Map<String, Integer> roundOfAccount = new HashMap<>();
        for (ProvisioningCommand command : commands) {
            int round = roundOfAccount.getOrDefault(command.accountId(), -1) + 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(command);
            roundOfAccount.put(command.accountId(), round);
        }
        return rounds;
    }
}
