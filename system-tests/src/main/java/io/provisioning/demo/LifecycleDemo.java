package io.provisioning.demo;

/** {@code deploy/stack demo}: plays the lifecycle story on the running local stack, printing each step. */
public final class LifecycleDemo {

    private LifecycleDemo() {
    }

    public static void main(String[] args) {
        LifecycleStory story = new LifecycleStory(new StackClient(), System.out::println);
        story.play();
        System.out.println();
        System.out.println("The story is over; every step above is in the audit trail, which verified valid after each.");
        System.out.println("See it in the ops console: " + System.getProperty("stack.console.url", "http://127.0.0.1:8085")
                + "/workers/" + story.protagonist() + " (sign in as carol / carol-pw to see its audit trail, or alice / alice-pw)");
    }
}
