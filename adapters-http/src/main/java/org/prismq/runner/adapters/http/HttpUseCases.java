package org.prismq.runner.adapters.http;

import java.util.Objects;

import org.prismq.runner.application.port.in.CancelRunUseCase;
import org.prismq.runner.application.port.in.DeleteRunsUseCase;
import org.prismq.runner.application.port.in.FollowLogsUseCase;
import org.prismq.runner.application.port.in.LaunchRunUseCase;
import org.prismq.runner.application.port.in.ListModulesUseCase;
import org.prismq.runner.application.port.in.ModuleConfigUseCase;
import org.prismq.runner.application.port.in.QueryRunsUseCase;
import org.prismq.runner.application.port.in.ReadLogsUseCase;
import org.prismq.runner.application.port.in.SystemStatusUseCase;

/** Every use case the HTTP API calls. They are called from many request threads at once. */
public record HttpUseCases(
        LaunchRunUseCase launch,
        CancelRunUseCase cancel,
        DeleteRunsUseCase delete,
        QueryRunsUseCase runs,
        ReadLogsUseCase logs,
        FollowLogsUseCase follow,
        ListModulesUseCase modules,
        ModuleConfigUseCase configs,
        SystemStatusUseCase status) {

    public HttpUseCases {
        Objects.requireNonNull(launch, "launch");
        Objects.requireNonNull(cancel, "cancel");
        Objects.requireNonNull(delete, "delete");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(follow, "follow");
        Objects.requireNonNull(modules, "modules");
        Objects.requireNonNull(configs, "configs");
        Objects.requireNonNull(status, "status");
    }
}
