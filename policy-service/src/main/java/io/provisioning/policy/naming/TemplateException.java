package io.provisioning.policy.naming;

/** A template cannot be parsed, or cannot render for a worker (a field it needs is empty). */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }
}
