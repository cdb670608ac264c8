#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "parsers/cisco_ios/show_ip_ssh/ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_ip_ssh::ast::State, state, version)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_ip_ssh::ast::List, which, items)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_ip_ssh::ast::Timeouts, timeout, retries)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_ip_ssh::ast::KeyHeader, type, label)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_ip_ssh::ast::KeySize, what, bits)
BOOST_FUSION_ADAPT_STRUCT(vtyguard::parsers::cisco_ios::show_ip_ssh::ast::KeyData, type, data)
