"""Python consumer of the built wheel (see ../README.md).

Keep in step with ../typescript/app.ts and ../java/Main.java: the three must synthesize identical templates.
"""
import os

from aws_cdk import App, CfnOutput, Duration, Environment, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from air_discovery.cdk_redis import (
    AirDiscoveryRedis,
    CacheNodeType,
    EngineVersion,
    RedisAuthentication,
    RedisParameters,
    RedisPreset,
    RedisUserAuthenticationType,
    RedisUserProps,
    TransitEncryptionMode,
)

outdir = os.environ["CONSUMER_OUTDIR"]

env = Environment(account="123456789012", region="us-east-1")
app = App(outdir=outdir, context={"aws:cdk:disable-creation-stack-traces": True})

# DEV preset, nothing else.
dev = Stack(app, "ConsumerDev", env=env)
dev_vpc = ec2.Vpc(dev, "Vpc", availability_zones=["us-east-1a", "us-east-1b"])
AirDiscoveryRedis(dev, "Redis", vpc=dev_vpc, preset=RedisPreset.DEV)

# PROD preset with overrides: enum-like classes, enums, secrets, grants, maps, struct arrays.
prod = Stack(app, "ConsumerProd", env=env)
vpc = ec2.Vpc(prod, "Vpc", availability_zones=["us-east-1a", "us-east-1b", "us-east-1c"])
role = iam.Role(prod, "ApiRole", assumed_by=iam.ServicePrincipal("ecs-tasks.amazonaws.com"))
api_security_group = ec2.SecurityGroup(prod, "ApiSecurityGroup", vpc=vpc)

redis = AirDiscoveryRedis(
    prod,
    "Redis",
    vpc=vpc,
    preset=RedisPreset.PROD,
    engine_version=EngineVersion.VALKEY_8_0,
    cache_node_type=CacheNodeType.R7_G_LARGE,
    num_cache_nodes=2,
    transit_encryption_mode=TransitEncryptionMode.REQUIRED,
    authentication=RedisAuthentication.generated_auth_token(length=48),
    snapshot_retention=Duration.days(15),
    parameters=RedisParameters.AIR_DISCOVERY_CACHE,
)
redis.grant_read_auth_secret(role)
redis.connections.allow_default_port_from(api_security_group)
CfnOutput(prod, "RedisUrl", value=redis.connection_environment()["REDIS_URL"])

sessions = AirDiscoveryRedis(
    prod,
    "Sessions",
    vpc=vpc,
    preset=RedisPreset.PROD,
    output_id_prefix="Sessions",
    authentication=RedisAuthentication.rbac(
        users=[
            RedisUserProps(
                user_name="api",
                access_string="on ~socket:* +@read +@write",
                authentication_type=RedisUserAuthenticationType.PASSWORD,
            )
        ]
    ),
)
sessions.user_secret("api").grant_read(role)

app.synth()
print(f"python: synthesized {', '.join(s.stack_name for s in app.node.children if Stack.is_stack(s))} to {outdir}")
