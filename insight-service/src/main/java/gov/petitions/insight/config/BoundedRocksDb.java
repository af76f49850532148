package gov.petitions.insight.config;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * One small block cache and write-buffer budget shared by every RocksDB store of the replica. By default
 * each store (and each segment of a window store) takes its own 50 MB cache and 3 × 16 MB memtables off
 * the heap, which on a machine shared by five JVMs is memory nobody planned for.
 */
public class BoundedRocksDb implements RocksDBConfigSetter {

    private static final long CACHE_BYTES = 32L * 1024 * 1024;
    private static final long MEMTABLE_BYTES = 8L * 1024 * 1024;

    static {
        org.rocksdb.RocksDB.loadLibrary();
    }

    private static final Cache CACHE = new LRUCache(CACHE_BYTES, -1, false, 0.1);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(1024 * 1024);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write-buffer manager are shared by all stores and live as long as the JVM
    }
}
