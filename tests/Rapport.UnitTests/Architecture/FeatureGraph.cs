using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Rapport.UnitTests.Architecture;

/// <summary>One use of another feature: the type that uses it and the type it uses.</summary>
public sealed record FeatureUse(string From, string To, string FromType, string ToType);

/// <summary>
/// Which feature uses which, read from the compiled assembly's metadata and IL with System.Reflection.Metadata: base
/// types, interfaces, fields, method and local signatures, attributes, generic constraints and every type, method or
/// field token in a method body (so a use inside a lambda or an async method counts, through its generated type).
/// A feature is the first namespace segment under <c>root</c>; nested namespaces (Channels.Email) belong to it.
/// </summary>
public static class FeatureGraph
{
    public static IReadOnlyList<FeatureUse> Read(string assemblyPath, string root)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var uses = new HashSet<FeatureUse>();
        var names = new TypeNames(md);
        foreach (var handle in md.TypeDefinitions)
        {
            var fromType = names.Of(handle);
            if (FeatureOf(fromType, root) is not { } from)
            {
                continue;
            }

            foreach (var toType in Referenced(md, pe, names, handle))
            {
                if (FeatureOf(toType, root) is { } to && to != from)
                {
                    uses.Add(new FeatureUse(from, to, Readable(fromType), Readable(toType)));
                }
            }
        }

        return [.. uses.OrderBy(u => u.From, StringComparer.Ordinal).ThenBy(u => u.To, StringComparer.Ordinal)
            .ThenBy(u => u.FromType, StringComparer.Ordinal).ThenBy(u => u.ToType, StringComparer.Ordinal)];
    }

    /// <summary>The types (outside <paramref name="exceptNamespace"/>) whose code creates a <paramref name="typeFullName"/> with <c>new</c>.</summary>
    public static IReadOnlyList<string> Creators(string assemblyPath, string typeFullName, string exceptNamespace)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var names = new TypeNames(md);
        var creators = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            var name = names.Of(handle);
            if (name.StartsWith(exceptNamespace + ".", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var m in md.GetTypeDefinition(handle).GetMethods())
            {
                var method = md.GetMethodDefinition(m);
                if (method.RelativeVirtualAddress != 0 && IlTokens(pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader())
                    .Any(t => t.Code == ILOpCode.Newobj && names.DeclaringTypeOf(MetadataTokens.EntityHandle(t.Token)) == typeFullName))
                {
                    creators.Add(Readable(name));
                }
            }
        }

        return [.. creators];
    }

    public static string? FeatureOf(string fullTypeName, string root)
    {
        var prefix = root + ".";
        if (!fullTypeName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = fullTypeName[prefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : rest[..dot]; // a type directly in the root namespace belongs to no feature
    }

    /// <summary>A generated type (a lambda's closure, an async state machine) reads as the type that declares it.</summary>
    private static string Readable(string fullName)
    {
        var plus = fullName.IndexOf('+', StringComparison.Ordinal);
        var outer = plus < 0 ? fullName : fullName[..plus];
        var tick = outer.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? outer : outer[..tick];
    }

    private static HashSet<string> Referenced(MetadataReader md, PEReader pe, TypeNames names, TypeDefinitionHandle handle)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var type = md.GetTypeDefinition(handle);
        var sig = new SignatureNames(names);
        void Entity(EntityHandle h) => names.AddEntity(h, found, sig);
        void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes)
            {
                Entity(md.GetCustomAttribute(a).Constructor);
            }
        }

        if (!type.BaseType.IsNil)
        {
            Entity(type.BaseType);
        }

        foreach (var i in type.GetInterfaceImplementations())
        {
            Entity(md.GetInterfaceImplementation(i).Interface);
        }

        Attributes(type.GetCustomAttributes());
        foreach (var g in type.GetGenericParameters())
        {
            foreach (var c in md.GetGenericParameter(g).GetConstraints())
            {
                Entity(md.GetGenericParameterConstraint(c).Type);
            }
        }

        foreach (var f in type.GetFields())
        {
            var field = md.GetFieldDefinition(f);
            found.UnionWith(field.DecodeSignature(sig, null));
            Attributes(field.GetCustomAttributes());
        }

        foreach (var p in type.GetProperties())
        {
            var property = md.GetPropertyDefinition(p);
            var ps = property.DecodeSignature(sig, null);
            found.UnionWith(ps.ReturnType);
            foreach (var parameter in ps.ParameterTypes)
            {
                found.UnionWith(parameter);
            }

            Attributes(property.GetCustomAttributes());
        }

        foreach (var m in type.GetMethods())
        {
            var method = md.GetMethodDefinition(m);
            var ms = method.DecodeSignature(sig, null);
            found.UnionWith(ms.ReturnType);
            foreach (var parameter in ms.ParameterTypes)
            {
                found.UnionWith(parameter);
            }

            Attributes(method.GetCustomAttributes());
            foreach (var p in method.GetParameters())
            {
                Attributes(md.GetParameter(p).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                foreach (var local in md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(sig, null))
                {
                    found.UnionWith(local);
                }
            }

            foreach (var (_, token) in IlTokens(body.GetILReader()))
            {
                Entity(MetadataTokens.EntityHandle(token));
            }
        }

        return found;
    }

    /// <summary>The metadata tokens in a method body (operands of call, newobj, ldfld, ldtoken, castclass, box, …).</summary>
    private static List<(ILOpCode Code, int Token)> IlTokens(BlobReader il)
    {
        var tokens = new List<(ILOpCode, int)>();
        while (il.RemainingBytes > 0)
        {
            var code = (int)il.ReadByte();
            if (code == 0xFE)
            {
                code = 0xFE00 | il.ReadByte();
            }

            var size = OperandSize((ILOpCode)code, out var isToken);
            if (size < 0)
            {
                var targets = il.ReadInt32(); // switch: a count, then that many 4-byte targets
                il.Offset += 4 * targets;
            }
            else if (isToken)
            {
                var token = il.ReadInt32();
                if ((ILOpCode)code is not ILOpCode.Ldstr and not ILOpCode.Calli)
                {
                    tokens.Add(((ILOpCode)code, token));
                }
            }
            else
            {
                il.Offset += size;
            }
        }

        return tokens;
    }

    /// <summary>Every opcode's operand, from the runtime's own table (System.Reflection.Emit.OpCodes).</summary>
    private static readonly Dictionary<int, OperandType> Operands = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => (int)(ushort)o.Value, o => o.OperandType);

    private static int OperandSize(ILOpCode code, out bool isToken)
    {
        var operand = Operands[(int)code];
        isToken = operand is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType
            or OperandType.InlineSig or OperandType.InlineString;
        return operand switch
        {
            OperandType.InlineSwitch => -1,
            OperandType.InlineNone => 0,
            OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
            OperandType.InlineVar => 2,
            OperandType.InlineI8 or OperandType.InlineR => 8,
            _ => 4,
        };
    }

    /// <summary>Full names (Namespace.Outer+Inner) of types defined in or referenced by the assembly.</summary>
    private sealed class TypeNames(MetadataReader md)
    {
        private readonly Dictionary<EntityHandle, string> cache = [];

        public MetadataReader Md => md;

        public string Of(TypeDefinitionHandle handle)
        {
            if (cache.TryGetValue(handle, out var name))
            {
                return name;
            }

            var t = md.GetTypeDefinition(handle);
            var declaring = t.GetDeclaringType();
            name = declaring.IsNil ? Join(md.GetString(t.Namespace), md.GetString(t.Name)) : Of(declaring) + "+" + md.GetString(t.Name);
            cache[handle] = name;
            return name;
        }

        public string Of(TypeReferenceHandle handle)
        {
            if (cache.TryGetValue(handle, out var name))
            {
                return name;
            }

            var t = md.GetTypeReference(handle);
            name = t.ResolutionScope.Kind == HandleKind.TypeReference
                ? Of((TypeReferenceHandle)t.ResolutionScope) + "+" + md.GetString(t.Name)
                : Join(md.GetString(t.Namespace), md.GetString(t.Name));
            cache[handle] = name;
            return name;
        }

        /// <summary>The type declaring a constructor token (a definition in this assembly or a reference).</summary>
        public string? DeclaringTypeOf(EntityHandle h) => h.Kind switch
        {
            HandleKind.MethodDefinition => Of(md.GetMethodDefinition((MethodDefinitionHandle)h).GetDeclaringType()),
            HandleKind.MemberReference when md.GetMemberReference((MemberReferenceHandle)h).Parent is var p => p.Kind switch
            {
                HandleKind.TypeDefinition => Of((TypeDefinitionHandle)p),
                HandleKind.TypeReference => Of((TypeReferenceHandle)p),
                _ => null,
            },
            _ => null,
        };

        /// <summary>Adds the types a token names: a type, or the declaring type and signature of a method or field.</summary>
        public void AddEntity(EntityHandle h, HashSet<string> found, SignatureNames sig)
        {
            switch (h.Kind)
            {
                case HandleKind.TypeDefinition:
                    found.Add(Of((TypeDefinitionHandle)h));
                    break;
                case HandleKind.TypeReference:
                    found.Add(Of((TypeReferenceHandle)h));
                    break;
                case HandleKind.TypeSpecification:
                    found.UnionWith(md.GetTypeSpecification((TypeSpecificationHandle)h).DecodeSignature(sig, null));
                    break;
                case HandleKind.MethodDefinition:
                    found.Add(Of(md.GetMethodDefinition((MethodDefinitionHandle)h).GetDeclaringType()));
                    break;
                case HandleKind.FieldDefinition:
                    found.Add(Of(md.GetFieldDefinition((FieldDefinitionHandle)h).GetDeclaringType()));
                    break;
                case HandleKind.MemberReference:
                    var member = md.GetMemberReference((MemberReferenceHandle)h);
                    AddEntity(member.Parent, found, sig);
                    if (member.GetKind() == MemberReferenceKind.Field)
                    {
                        found.UnionWith(member.DecodeFieldSignature(sig, null));
                    }
                    else
                    {
                        var ms = member.DecodeMethodSignature(sig, null);
                        found.UnionWith(ms.ReturnType);
                        foreach (var p in ms.ParameterTypes)
                        {
                            found.UnionWith(p);
                        }
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var spec = md.GetMethodSpecification((MethodSpecificationHandle)h);
                    AddEntity(spec.Method, found, sig);
                    foreach (var argument in spec.DecodeSignature(sig, null))
                    {
                        found.UnionWith(argument);
                    }

                    break;
                default:
                    break;
            }
        }

        private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Decodes a signature into every type name it mentions (generic arguments, array elements, modifiers).</summary>
    private sealed class SignatureNames(TypeNames names) : ISignatureTypeProvider<ImmutableArray<string>, object?>
    {
        public ImmutableArray<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];
        public ImmutableArray<string> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [names.Of(handle)];
        public ImmutableArray<string> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => [names.Of(handle)];
        public ImmutableArray<string> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        public ImmutableArray<string> GetSZArrayType(ImmutableArray<string> elementType) => elementType;
        public ImmutableArray<string> GetArrayType(ImmutableArray<string> elementType, ArrayShape shape) => elementType;
        public ImmutableArray<string> GetByReferenceType(ImmutableArray<string> elementType) => elementType;
        public ImmutableArray<string> GetPointerType(ImmutableArray<string> elementType) => elementType;
        public ImmutableArray<string> GetPinnedType(ImmutableArray<string> elementType) => elementType;
        public ImmutableArray<string> GetGenericInstantiation(ImmutableArray<string> genericType, ImmutableArray<ImmutableArray<string>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(a => a)];
        public ImmutableArray<string> GetGenericMethodParameter(object? genericContext, int index) => [];
        public ImmutableArray<string> GetGenericTypeParameter(object? genericContext, int index) => [];
        public ImmutableArray<string> GetModifiedType(ImmutableArray<string> modifier, ImmutableArray<string> unmodifiedType, bool isRequired) => unmodifiedType;
        public ImmutableArray<string> GetFunctionPointerType(MethodSignature<ImmutableArray<string>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];
    }
}
