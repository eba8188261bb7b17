package com.tencentcloud.tcss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The 17 inputs of AddAssetImageRegistryRegistryDetail; mirrors
 * {@code tcss_registry_spec}. Build with {@link #builder()}. An unset (null)
 * value is left out of the request. libtcss validates the whole spec before
 * sending anything.
 *
 * <p>The password and webhook token are held as {@code char[]} copies;
 * {@link #close()} wipes them.
 */
public final class RegistrySpec implements AutoCloseable {
    /** One ConnDetectConfig item; both fields optional. */
    public static final class ConnDetect {
        private final String quuid;
        private final String uuid;

        public ConnDetect(String quuid, String uuid) {
            this.quuid = quuid;
            this.uuid = uuid;
        }

        public String getQuuid() {
            return quuid;
        }

        public String getUuid() {
            return uuid;
        }
    }

    final String name;
    final String username;
    char[] password;
    final String url;
    final String registryType;
    final String netType;
    final String registryVersion;
    final String registryRegion;
    final Long speedLimit;
    final Boolean insecure;
    final List<ConnDetect> connDetect;
    final Boolean needScan;
    final Integer syncMode;
    final String webhookUrl;
    char[] webhookToken;
    final String instanceId;

    private RegistrySpec(Builder b) {
        name = b.name;
        username = b.username;
        password = b.password == null ? null : b.password.clone();
        url = b.url;
        registryType = b.registryType;
        netType = b.netType;
        registryVersion = b.registryVersion;
        registryRegion = b.registryRegion;
        speedLimit = b.speedLimit;
        insecure = b.insecure;
        connDetect = b.connDetect == null ? null : Collections.unmodifiableList(new ArrayList<>(b.connDetect));
        needScan = b.needScan;
        syncMode = b.syncMode;
        webhookUrl = b.webhookUrl;
        webhookToken = b.webhookToken == null ? null : b.webhookToken.clone();
        instanceId = b.instanceId;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String getName() {
        return name;
    }

    public String getUsername() {
        return username;
    }

    public String getUrl() {
        return url;
    }

    public String getRegistryType() {
        return registryType;
    }

    public String getNetType() {
        return netType;
    }

    public String getRegistryVersion() {
        return registryVersion;
    }

    public String getRegistryRegion() {
        return registryRegion;
    }

    public Long getSpeedLimit() {
        return speedLimit;
    }

    public Boolean getInsecure() {
        return insecure;
    }

    public List<ConnDetect> getConnDetect() {
        return connDetect;
    }

    public Boolean getNeedScan() {
        return needScan;
    }

    public Integer getSyncMode() {
        return syncMode;
    }

    public String getWebhookUrl() {
        return webhookUrl;
    }

    public String getInstanceId() {
        return instanceId;
    }

    /** Wipe the password and webhook token held by this spec. */
    @Override
    public void close() {
        if (password != null) {
            Arrays.fill(password, '\0');
        }
        if (webhookToken != null) {
            Arrays.fill(webhookToken, '\0');
        }
    }

    @Override
    public String toString() {
        return "RegistrySpec[name=" + name + ", url=" + Urls.maskUserinfo(url) + ", registryType=" + registryType
                + ", username=" + username + ", password=" + (password == null ? "unset" : "********") + "]";
    }

    /** Builder; setters copy secrets, so the caller may wipe its arrays right away. */
    public static final class Builder {
        private String name;
        private String username;
        private char[] password;
        private String url;
        private String registryType;
        private String netType;
        private String registryVersion;
        private String registryRegion;
        private Long speedLimit;
        private Boolean insecure;
        private List<ConnDetect> connDetect;
        private Boolean needScan;
        private Integer syncMode;
        private String webhookUrl;
        private char[] webhookToken;
        private String instanceId;

        private Builder() {
        }

        /** Name, required. */
        public Builder name(String v) {
            name = v;
            return this;
        }

        /** Username, required. */
        public Builder username(String v) {
            username = v;
            return this;
        }

        /** Password, required (copied). */
        public Builder password(char[] v) {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
            password = v == null ? null : v.clone();
            return this;
        }

        /** Url, required: http(s)://host[:port]. */
        public Builder url(String v) {
            url = v;
            return this;
        }

        /** RegistryType, required: one of {@value TcssValues#REGISTRY_TYPES}. */
        public Builder registryType(String v) {
            registryType = v;
            return this;
        }

        /** NetType, required: one of {@value TcssValues#NET_TYPES}. */
        public Builder netType(String v) {
            netType = v;
            return this;
        }

        /** RegistryVersion, e.g. "V2". */
        public Builder registryVersion(String v) {
            registryVersion = v;
            return this;
        }

        /** RegistryRegion; the service's default is "default". */
        public Builder registryRegion(String v) {
            registryRegion = v;
            return this;
        }

        /** SpeedLimit, &gt;= 0; null: unset. */
        public Builder speedLimit(Long v) {
            speedLimit = v;
            return this;
        }

        /** Insecure: whether TCSS skips verifying the registry's certificate; null: unset. */
        public Builder insecure(Boolean v) {
            insecure = v;
            return this;
        }

        /** Add one ConnDetectConfig item. */
        public Builder addConnDetect(String quuid, String uuid) {
            if (connDetect == null) {
                connDetect = new ArrayList<>();
            }
            connDetect.add(new ConnDetect(quuid, uuid));
            return this;
        }

        /** ConnDetectConfig items; null or empty: not sent. */
        public Builder connDetect(List<ConnDetect> v) {
            connDetect = v == null ? null : new ArrayList<>(v);
            return this;
        }

        /** NeedScan; null: unset. */
        public Builder needScan(Boolean v) {
            needScan = v;
            return this;
        }

        /** SyncMode: 0 full, 1 incremental; null: unset. */
        public Builder syncMode(Integer v) {
            syncMode = v;
            return this;
        }

        /** WebhookUrl. */
        public Builder webhookUrl(String v) {
            webhookUrl = v;
            return this;
        }

        /** WebhookToken (copied). */
        public Builder webhookToken(char[] v) {
            if (webhookToken != null) {
                Arrays.fill(webhookToken, '\0');
            }
            webhookToken = v == null ? null : v.clone();
            return this;
        }

        /** InstanceId (TCR instance). */
        public Builder instanceId(String v) {
            instanceId = v;
            return this;
        }

        /** The spec; the builder keeps its own copies of secrets until {@link #wipe()}. */
        public RegistrySpec build() {
            if (connDetect != null) {
                for (ConnDetect c : connDetect) {
                    Objects.requireNonNull(c, "connDetect item");
                }
            }
            return new RegistrySpec(this);
        }

        /** Wipe the builder's copies of the password and webhook token. */
        public void wipe() {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
            if (webhookToken != null) {
                Arrays.fill(webhookToken, '\0');
            }
        }
    }
}
