package io.provisioning.console.pages;

import io.provisioning.console.services.ConnectorApi;
import io.provisioning.console.services.PolicyApi;
import io.provisioning.console.services.Service;
import io.provisioning.console.services.ServiceClient;
import io.provisioning.console.services.ServiceException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Dead letters: filter, read the failing command and its error, retry one or many, and watch what follows. */
@Path("/dead-letters")
@RolesAllowed(Roles.OPERATOR)
public class DeadLettersPage {

    private static final int MAX_RETRIES_AT_ONCE = 200;

    @Inject
    ServiceClient services;

    /** One retried command: what the retry answered, then where its account stands. */
    public record Retried(String commandId, String targetId, String workerId, String answer, boolean accepted) {
    }

    /** Where a retried command's account stands now; {@code settled} stops the row's polling. */
    public record RetryResult(String commandId, String targetId, String workerId, String accountStatus,
                              String lastError, boolean failedAgain, boolean settled) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance deadLetters(List<ConnectorApi.DeadLetter> letters, String targetId,
                                                   String status, String cursor, String nextCursor);

        static native TemplateInstance retried(List<Retried> retried);

        static native TemplateInstance retryResult(RetryResult result);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(@QueryParam("targetId") String targetId, @QueryParam("status") String status,
                                 @QueryParam("cursor") String cursor) {
        String chosen = status == null || status.isBlank() ? "OPEN" : status;
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("targetId", targetId);
        query.put("status", chosen);
        query.put("cursor", cursor);
        query.put("limit", 100);
        ConnectorApi.DeadLetterPage page = services.get(Service.CONNECTOR, "/api/v1/dead-letters", query,
                ConnectorApi.DeadLetterPage.class);
        return Templates.deadLetters(page.items(), targetId == null ? "" : targetId, chosen, cursor, page.nextCursor());
    }

    /** Retries each chosen dead letter; one refused (retried meanwhile, say) does not stop the others. */
    @POST
    @Path("retry")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance retry(@FormParam("commandId") List<String> commandIds) {
        List<Retried> retried = new ArrayList<>();
        List<String> chosen = commandIds == null ? List.of() : commandIds.stream().distinct()
                .limit(MAX_RETRIES_AT_ONCE).toList();
        for (String commandId : chosen) {
            try {
                ConnectorApi.DeadLetter letter = services.read(Service.CONNECTOR, services.post(Service.CONNECTOR,
                        "/api/v1/dead-letters/" + ServiceClient.encode(commandId) + "/retry", Map.of(), null, null),
                        ConnectorApi.DeadLetter.class);
                retried.add(new Retried(commandId, letter.targetId(), letter.workerId(), "re-sent to its target", true));
            } catch (ServiceException e) {
                retried.add(new Retried(commandId, null, null, e.explanation(), false));
            }
        }
        return Templates.retried(retried);
    }

    /** A retried command's row, polled until its account is settled or it is dead-lettered again. */
    @GET
    @Path("retried/{commandId}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance result(@PathParam("commandId") String commandId, @QueryParam("targetId") String targetId,
                                   @QueryParam("workerId") String workerId) {
        boolean failedAgain = services.get(Service.CONNECTOR, "/api/v1/dead-letters",
                        Map.of("targetId", targetId == null ? "" : targetId, "status", "OPEN", "limit", 500),
                        ConnectorApi.DeadLetterPage.class)
                .items().stream().anyMatch(l -> l.commandId().equals(commandId));
        String status = "unknown";
        String lastError = null;
        if (workerId != null && !workerId.isBlank()) {
            try {
                PolicyApi.Identity identity = services.get(Service.POLICY,
                        "/api/v1/identities/" + ServiceClient.encode(workerId), Map.of(), PolicyApi.Identity.class);
                for (PolicyApi.Account account : identity.accounts()) {
                    if (account.targetId().equals(targetId)) {
                        status = account.status();
                        lastError = account.lastError();
                    }
                }
            } catch (ServiceException e) {
                status = e.explanation();
            }
        }
        boolean settled = failedAgain || List.of("ACTIVE", "DISABLED", "DELETED").contains(status);
        return Templates.retryResult(new RetryResult(commandId, targetId, workerId, status, lastError, failedAgain,
                settled));
    }
}
