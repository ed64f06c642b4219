package dev.firedrill.harness.backend.aws;

import dev.firedrill.harness.backend.aws.AwsSweep.Leftover;
import java.util.List;
import java.util.function.BiPredicate;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/**
 * IAM roles tagged with a run id (the stack's, and the backstop's) and backstop schedules (which carry no tags:
 * they are found by their name, {@link AwsBackstop#nameFor}). {@code ListRoles} does not return tags, so each
 * role's tags are read with {@code ListRoleTags}; AWS's service-linked roles are skipped.
 */
final class SweepIam {
    static final String ROLE = "iam:role";
    static final String SCHEDULE = "scheduler:schedule";

    private SweepIam() {
    }

    static void findRoles(IamClient iam, BiPredicate<String, String> tagged, List<Leftover> out) {
        for (Role r : iam.listRolesPaginator().roles()) {
            if (r.path() != null && r.path().startsWith("/aws-service-role/")) {
                continue;
            }
            if (iam.listRoleTags(b -> b.roleName(r.roleName())).tags().stream()
                    .anyMatch(t -> tagged.test(t.key(), t.value()))) {
                out.add(new Leftover(ROLE, r.roleName()));
            }
        }
    }

    /** @param runId a run id, or null for every run's backstop */
    static void findSchedules(SchedulerClient scheduler, String runId, List<Leftover> out) {
        String prefix = runId == null ? AwsBackstop.PREFIX : AwsBackstop.nameFor(runId);
        scheduler.listSchedulesPaginator(b -> b.namePrefix(prefix)).schedules().stream()
                .filter(s -> runId == null || s.name().equals(prefix))
                .forEach(s -> out.add(new Leftover(SCHEDULE, s.name())));
    }
}
