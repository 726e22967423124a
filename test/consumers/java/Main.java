// Java consumer of the built jar (see ../README.md).
// Keep in step with ../typescript/app.ts and ../python/app.py: the three must synthesize identical templates.
package consumer;

import java.util.List;
import java.util.Map;

import com.airdiscovery.cdk.redis.AirDiscoveryRedis;
import com.airdiscovery.cdk.redis.CacheNodeType;
import com.airdiscovery.cdk.redis.EngineVersion;
import com.airdiscovery.cdk.redis.GeneratedAuthTokenOptions;
import com.airdiscovery.cdk.redis.RedisAuthentication;
import com.airdiscovery.cdk.redis.RedisParameters;
import com.airdiscovery.cdk.redis.RedisPreset;
import com.airdiscovery.cdk.redis.RedisUserAuthenticationType;
import com.airdiscovery.cdk.redis.RedisUserGroupOptions;
import com.airdiscovery.cdk.redis.RedisUserProps;
import com.airdiscovery.cdk.redis.TransitEncryptionMode;

import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

public final class Main {
    public static void main(final String[] args) {
        String outdir = System.getenv("CONSUMER_OUTDIR");
        if (outdir == null || outdir.isEmpty()) {
            throw new IllegalStateException("set CONSUMER_OUTDIR");
        }

        Environment env = Environment.builder().account("123456789012").region("us-east-1").build();
        App app = App.Builder.create()
                .outdir(outdir)
                .context(Map.of("aws:cdk:disable-creation-stack-traces", true))
                .build();

        // DEV preset, nothing else.
        Stack dev = new Stack(app, "ConsumerDev", StackProps.builder().env(env).build());
        Vpc devVpc = Vpc.Builder.create(dev, "Vpc").availabilityZones(List.of("us-east-1a", "us-east-1b")).build();
        AirDiscoveryRedis.Builder.create(dev, "Redis").vpc(devVpc).preset(RedisPreset.DEV).build();

        // PROD preset with overrides: enum-like classes, enums, secrets, grants, maps, struct arrays.
        Stack prod = new Stack(app, "ConsumerProd", StackProps.builder().env(env).build());
        Vpc vpc = Vpc.Builder.create(prod, "Vpc")
                .availabilityZones(List.of("us-east-1a", "us-east-1b", "us-east-1c"))
                .build();
        Role role = Role.Builder.create(prod, "ApiRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .build();
        SecurityGroup apiSecurityGroup = SecurityGroup.Builder.create(prod, "ApiSecurityGroup").vpc(vpc).build();

        AirDiscoveryRedis redis = AirDiscoveryRedis.Builder.create(prod, "Redis")
                .vpc(vpc)
                .preset(RedisPreset.PROD)
                .engineVersion(EngineVersion.VALKEY_8_0)
                .cacheNodeType(CacheNodeType.R7_G_LARGE)
                .numCacheNodes(2)
                .transitEncryptionMode(TransitEncryptionMode.REQUIRED)
                .authentication(RedisAuthentication.generatedAuthToken(
                        GeneratedAuthTokenOptions.builder().length(48).build()))
                .snapshotRetention(Duration.days(15))
                .parameters(RedisParameters.AIR_DISCOVERY_CACHE)
                .build();
        redis.grantReadAuthSecret(role);
        redis.getConnections().allowDefaultPortFrom(apiSecurityGroup);
        CfnOutput.Builder.create(prod, "RedisUrl").value(redis.connectionEnvironment().get("REDIS_URL")).build();

        AirDiscoveryRedis sessions = AirDiscoveryRedis.Builder.create(prod, "Sessions")
                .vpc(vpc)
                .preset(RedisPreset.PROD)
                .outputIdPrefix("Sessions")
                .authentication(RedisAuthentication.rbac(RedisUserGroupOptions.builder()
                        .users(List.of(RedisUserProps.builder()
                                .userName("api")
                                .accessString("on ~socket:* +@read +@write")
                                .authenticationType(RedisUserAuthenticationType.PASSWORD)
                                .build()))
                        .build()))
                .build();
        sessions.userSecret("api").grantRead(role);

        app.synth();
        System.out.println("java: synthesized ConsumerDev, ConsumerProd to " + outdir);
    }
}
