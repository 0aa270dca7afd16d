package io.provisioning.demo;

/** {@code deploy/stack demo}: plays the lifecycle story on the running local stack, printing each step. */
public final class LifecycleDemo {

    private LifecycleDemo() {
    }

    public static void main(String[] args) {
        new LifecycleStory(new StackClient(), System.out::println).play();
        System.out.println();
        System.out.println("The story is over; every step above is in the audit trail, which verified valid after each.");
    }
}
