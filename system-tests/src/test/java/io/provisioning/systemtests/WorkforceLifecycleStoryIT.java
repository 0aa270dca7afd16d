package io.provisioning.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.demo.LifecycleStory;
import io.provisioning.demo.LifecycleStory.Chapter;
import io.provisioning.demo.StackClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole lifecycle on the running stack, through its public interfaces only (the story that
 * {@code deploy/stack demo} prints): future-dated joiner, mover, leave and return, contractor
 * expiry with its notice, leaver disabled then deleted after the grace period, rehire with the
 * same account, a sponsored vendor, and a snapshot held until approved. Time moves with
 * policy-service's controllable clock, which the local stack enables. Each chapter checks the
 * directory, the audit trace of its HR event, the access held before and after, and the trail's
 * verification. It moves policy-service's clock weeks ahead while it plays, so it runs after the
 * other system tests (alphabetical order); it puts the clocks back when it ends.
 */
class WorkforceLifecycleStoryIT {

    @Test
    void everyChapterOfAWorkforcesLifeReachesTheDirectoryAndIsProvenByTheAuditTrail() {
        List<String> told = new ArrayList<>();
        List<Chapter> chapters = new LifecycleStory(new StackClient(), told::add).play();

        assertThat(chapters).hasSize(9).allSatisfy(chapter -> {
            assertThat(chapter.trailValid()).as(chapter.title()).isTrue();
            assertThat(chapter.outcomes()).as(chapter.title()).isNotEmpty().allMatch(o -> o.endsWith("APPLIED"));
        });
        Chapter joiner = chapters.get(0);
        assertThat(joiner.causeType()).isEqualTo("hr.worker.hired");
        assertThat(joiner.directoryBefore()).isEqualTo("(none)");
        assertThat(joiner.directoryAfter()).contains("enabled", "all-staff", "engineering");
        assertThat(joiner.accessBefore()).isEmpty();
        assertThat(joiner.accessAfter()).anyMatch(a -> a.startsWith("corp-ldap ") && a.contains("PRESENT")
                && a.contains("engineering"));
        String uid = joiner.directoryAfter().substring(0, joiner.directoryAfter().indexOf(','));

        Chapter mover = chapters.get(1);
        assertThat(mover.causeType()).isEqualTo("hr.worker.updated");
        assertThat(mover.directoryAfter()).contains("finance").doesNotContain("engineering").startsWith(uid);
        assertThat(mover.accessBefore()).anyMatch(a -> a.contains("engineering"));
        assertThat(mover.accessAfter()).anyMatch(a -> a.startsWith("corp-ldap ") && a.contains("finance"))
                .noneMatch(a -> a.contains("engineering"));

        assertThat(chapters.get(2).causeType()).isEqualTo("hr.worker.leave-started");
        assertThat(chapters.get(2).directoryAfter()).contains("disabled");
        assertThat(chapters.get(2).accessAfter()).anyMatch(a -> a.startsWith("corp-ldap ") && a.contains("DISABLED"));
        assertThat(chapters.get(3).causeType()).isEqualTo("hr.worker.leave-ended");
        assertThat(chapters.get(3).directoryAfter()).contains("enabled", "finance");

        Chapter contractor = chapters.get(4);
        assertThat(contractor.directoryAfter()).contains("disabled");
        assertThat(contractor.accessAfter()).anyMatch(a -> a.startsWith("corp-ldap ") && a.contains("DISABLED"));
        assertThat(told).anyMatch(line -> line.contains("worker.access-expiring recorded"));

        Chapter leaver = chapters.get(5);
        assertThat(leaver.causeType()).isEqualTo("hr.worker.terminated");
        assertThat(leaver.directoryBefore()).contains("enabled");
        assertThat(leaver.directoryAfter()).isEqualTo("(none)");
        assertThat(leaver.accessAfter()).noneMatch(a -> a.startsWith("corp-ldap ") && !a.contains("ABSENT"));

        Chapter rehire = chapters.get(6);
        assertThat(rehire.causeType()).isEqualTo("hr.worker.rehired");
        assertThat(rehire.directoryAfter()).startsWith(uid + ",").contains("enabled", "finance");

        Chapter vendor = chapters.get(7);
        assertThat(vendor.directoryAfter()).contains("enabled", "external-staff");

        Chapter snapshot = chapters.get(8);
        assertThat(snapshot.directoryBefore()).contains("enabled", "| snapshot HELD");
        assertThat(snapshot.causeType()).isEqualTo("hr.worker.terminated");
        assertThat(snapshot.directoryAfter()).contains("disabled");
    }

    @Test
    void theStoryPutsTheClocksBackAndCanBePlayedAgainRightAway() {
        StackClient stack = new StackClient();
        new LifecycleStory(stack, line -> { }).play();
        assertThat(clockOffset(stack, stack.policy)).isEqualTo("PT0S");
        assertThat(clockOffset(stack, stack.ingest)).isEqualTo("PT0S");

        List<Chapter> again = new LifecycleStory(stack, line -> { }).play();

        assertThat(again).hasSize(9).allSatisfy(chapter -> assertThat(chapter.trailValid()).isTrue());
        assertThat(clockOffset(stack, stack.policy)).isEqualTo("PT0S");
    }

    private static String clockOffset(StackClient stack, String service) {
        return stack.get(service + "/api/v1/test/clock", StackClient.OPS).expect(200).body().path("offset").asText();
    }
}
