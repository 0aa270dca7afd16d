package io.provisioning.contracts.validation;

/**
 * One reason a payload is invalid.
 *
 * @param pointer RFC 6901 JSON pointer to the offending field within the validated document
 *                (for a missing field, the pointer the field would have); never null
 * @param message what is wrong, in words; never echoes the offending value
 */
public record Violation(String pointer, String message) {
}
