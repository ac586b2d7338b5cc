import { MAX_BODY_BYTES } from "@/lib/api/body";
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA } from "./resources";

// The discovery documents of RFC 7644 §4: what this service provider supports, its resource
// types and the schemas of the attributes it keeps (RFC 7643 §5–7).

export const MAX_RESULTS = 200;

const list = <T>(resources: T[]) => ({
  schemas: [LIST_SCHEMA],
  totalResults: resources.length,
  startIndex: 1,
  itemsPerPage: resources.length,
  Resources: resources,
});

export function serviceProviderConfig(base: string) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: `${base.replace(/\/scim\/v2$/, "")}/docs/scim`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: "A SCIM token of the organization, created in the console (Directory) or by an operator.",
        primary: true,
      },
    ],
    maxPayloadSize: MAX_BODY_BYTES,
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
  };
}

const resourceType = (name: "User" | "Group", schema: string, base: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
  id: name,
  name,
  endpoint: `/${name}s`,
  description: name === "User" ? "A licensed user" : "A directory group, linked to a profile",
  schema,
  // Users take the enterprise extension, of which only `manager` is kept.
  schemaExtensions: name === "User" ? [{ schema: ENTERPRISE_SCHEMA, required: false }] : [],
  meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/${name}` },
});

export const resourceTypes = (base: string) => [
  resourceType("User", USER_SCHEMA, base),
  resourceType("Group", GROUP_SCHEMA, base),
];
export const resourceTypeList = (base: string) => list(resourceTypes(base));

type Attribute = {
  name: string;
  type: "string" | "boolean" | "reference" | "complex";
  required?: boolean;
  mutability?: "readOnly" | "readWrite" | "immutable";
  uniqueness?: "none" | "server";
  multiValued?: boolean;
  subAttributes?: Attribute[];
};

type AttributeDocument = Omit<Attribute, "subAttributes"> &
  Record<string, unknown> & { subAttributes?: AttributeDocument[] };

const attribute = (a: Attribute): AttributeDocument => ({
  multiValued: false,
  description: a.name,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...a,
  ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attribute) } : {}),
});

const reference = (name: string, mutability: Attribute["mutability"]): Attribute => ({
  name,
  type: "complex",
  multiValued: true,
  mutability,
  subAttributes: [
    { name: "value", type: "string", mutability },
    { name: "display", type: "string", mutability: "readOnly" },
    { name: "$ref", type: "reference", mutability },
  ],
});

const schema = (id: string, name: string, attributes: Attribute[], base: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
  id,
  name,
  description: name,
  attributes: attributes.map(attribute),
  meta: { resourceType: "Schema", location: `${base}/Schemas/${id}` },
});

export const schemaDocuments = (base: string) => [
  schema(
    USER_SCHEMA,
    "User",
    [
      { name: "userName", type: "string", required: true, uniqueness: "server" },
      { name: "externalId", type: "string" },
      { name: "displayName", type: "string", mutability: "readOnly" },
      { name: "active", type: "boolean" },
      {
        name: "emails",
        type: "complex",
        multiValued: true,
        subAttributes: [
          { name: "value", type: "string" },
          { name: "type", type: "string" },
          { name: "primary", type: "boolean" },
        ],
      },
      reference("groups", "readOnly"),
    ],
    base,
  ),
  schema(
    ENTERPRISE_SCHEMA,
    "EnterpriseUser",
    [
      {
        name: "manager",
        type: "complex",
        subAttributes: [
          { name: "value", type: "string" },
          { name: "$ref", type: "reference" },
        ],
      },
    ],
    base,
  ),
  schema(
    GROUP_SCHEMA,
    "Group",
    [
      { name: "displayName", type: "string", required: true },
      { name: "externalId", type: "string" },
      reference("members", "readWrite"),
    ],
    base,
  ),
];
export const schemaList = (base: string) => list(schemaDocuments(base));
