package dev.firedrill.harness.backend.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.harness.scenario.Scenario;
import dev.firedrill.harness.scenario.ScenarioYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.fis.model.ExperimentTemplate;

/**
 * moto runs no FIS experiment, so the FIS path is checked by its request shape: every experiment template the plan
 * makes for the built-in scenarios FIS can reproduce goes to {@code CreateExperimentTemplate} as the aws backend
 * would send it, is accepted, and comes back with the same actions and targets. (moto's GetExperimentTemplate and
 * ListExperimentTemplates answer HTTP 500, so the created template is read from the create call's answer.)
 */
class FisRequestShapeIT {
    @TempDir
    Path dir;

    @Test
    void everyPlannedExperimentTemplateIsAcceptedByTheFisApi() throws Exception {
        try (MotoServer moto = MotoServer.start(Files.createDirectories(dir.resolve("moto")));
             AwsClients aws = AwsClients.of("us-east-1", moto.url())) {
            int created = 0;
            for (String name : List.of("instance-loss", "failover", "az-outage", "replica-lag")) {
                Scenario s = ScenarioYaml.resolve(name).scenario();
                for (FisExperiments.Experiment e : FisExperiments.experiments(s, "shape-" + name)) {
                    var request = FisRequests.create(e.properties(), attr -> switch (attr) {
                        case "FisRole.Arn" -> "arn:aws:iam::" + MotoServer.ACCOUNT + ":role/firedrill-fis";
                        default -> "arn:aws:cloudwatch:us-east-1:" + MotoServer.ACCOUNT + ":alarm:" + attr;
                    });
                    // moto answers GetExperimentTemplate and ListExperimentTemplates with HTTP 500: what it accepted is
                    // read from CreateExperimentTemplate's answer
                    ExperimentTemplate back = aws.fis().createExperimentTemplate(request).experimentTemplate();
                    String id = back.id();
                    assertThat(id).isNotBlank();
                    assertThat(back.actions().keySet()).as(name + " " + e.logicalId())
                            .isEqualTo(request.actions().keySet());
                    assertThat(back.actions().values()).extracting(a -> a.actionId())
                            .containsExactlyElementsOf(request.actions().values().stream().map(a -> a.actionId()).toList());
                    assertThat(back.targets().keySet()).isEqualTo(request.targets().keySet());
                    assertThat(back.tags()).containsEntry(AwsTags.RUN_ID, "shape-" + name);
                    aws.fis().deleteExperimentTemplate(b -> b.id(id));
                    created++;
                }
            }
            assertThat(created).as("experiment templates of instance-loss, failover and az-outage").isGreaterThanOrEqualTo(3);
        }
    }
}
