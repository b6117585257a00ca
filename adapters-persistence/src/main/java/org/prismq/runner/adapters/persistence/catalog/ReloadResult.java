package org.prismq.runner.adapters.persistence.catalog;

/**
 * What one reload of a {@link JsonModuleCatalog} did.
 *
 * @param changed     whether the served modules changed (a file re-read to the same modules is not a change)
 * @param error       why the file was refused, the last good catalog being kept; {@code null} when it was
 *                    accepted or not read at all
 * @param moduleCount how many modules the catalog serves after this reload
 */
public record ReloadResult(boolean changed, String error, int moduleCount) {

    public ReloadResult {
        if (moduleCount < 0) {
            throw new IllegalArgumentException("moduleCount must not be negative, was " + moduleCount);
        }
        if (changed && error != null) {
            throw new IllegalArgumentException("a refused reload cannot have changed the catalog");
        }
    }

    /** Whether the file was read and refused. */
    public boolean failed() {
        return error != null;
    }
}
