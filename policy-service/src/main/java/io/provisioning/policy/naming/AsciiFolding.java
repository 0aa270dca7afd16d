package io.provisioning.policy.naming;

import com.ibm.icu.text.Transliterator;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;

/**
 * Folds names to the characters every directory accepts: names in other scripts transliterated to
 * Latin (Иван → ivan, 지훈 → jihun, محمد → mhmd), accents removed (Zoë → zoe), letters without a
 * decomposition spelled out (Ł → l, ß → ss, Æ → ae), lowercased, everything outside {@code [a-z0-9]}
 * dropped.
 */
public final class AsciiFolding {

    private static final Map<Character, String> SPELLED = Map.ofEntries(
            Map.entry('ł', "l"), Map.entry('Ł', "l"), Map.entry('ß', "ss"), Map.entry('æ', "ae"),
            Map.entry('Æ', "ae"), Map.entry('ø', "o"), Map.entry('Ø', "o"), Map.entry('đ', "d"),
            Map.entry('Đ', "d"), Map.entry('þ', "th"), Map.entry('Þ', "th"), Map.entry('ð', "d"),
            Map.entry('Ð', "d"), Map.entry('œ', "oe"), Map.entry('Œ', "oe"), Map.entry('ı', "i"));

    /** ICU's transliterators are not documented as safe for concurrent use: one per thread. */
    private static final ThreadLocal<Transliterator> TO_LATIN =
            ThreadLocal.withInitial(() -> Transliterator.getInstance("Any-Latin; Latin-ASCII"));

    private AsciiFolding() {
    }

    /**
     * The folded form; may be empty when nothing foldable remains (a name of symbols only, or a
     * script ICU cannot transliterate).
     */
    public static String fold(String text) {
        if (isAscii(text)) {
            return keepLettersAndDigits(text); // most names: nothing to transliterate, decompose or spell out
        }
        // ICU's Any-Latin took 9-27 us for a Latin name with accents (García, Müller, Nguyễn) and 240 us
        // for a Han one: only names with letters of another script pay it, and Latin ones fold as before
        String latin = hasNonLatinLetter(text) ? TO_LATIN.get().transliterate(text) : text;
        StringBuilder spelled = new StringBuilder(latin.length());
        for (char c : latin.toCharArray()) {
            spelled.append(SPELLED.getOrDefault(c, String.valueOf(c)));
        }
        String decomposed = Normalizer.normalize(spelled, Normalizer.Form.NFKD);
        return decomposed.replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static boolean hasNonLatinLetter(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (Character.isLetter(codePoint) && Character.UnicodeScript.of(codePoint) != Character.UnicodeScript.LATIN) {
                return true;
            }
            i += Character.charCount(codePoint);
        }
        return false;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String keepLettersAndDigits(String ascii) {
        StringBuilder out = new StringBuilder(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                out.append((char) (c + ('a' - 'A')));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
