package org.prismq.runner.adapters.persistence.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What a catalog file looked like when it was last read: its modification time and size, or neither when it
 * could not be found. Comparing two stamps is how a reload notices an edit without reading the file.
 */
record FileStamp(FileTime lastModified, long size) {

    private static final FileStamp UNREADABLE = new FileStamp(null, -1);

    static FileStamp of(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(attributes.lastModifiedTime(), attributes.size());
        } catch (IOException missing) {
            return UNREADABLE;
        }
    }
}
